import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from './free-port.util';
import { ManagedProcess, startManagedProcess } from './managed-process';
import { ensureNatsServer } from './nats-server.binary';
import { canConnect } from './probe.util';

const HOST = '127.0.0.1';

export interface NatsServerOptions {
  /** JetStream data goes to `<dataDir>/jetstream`, the log to `<dataDir>/logs/nats-server.log`. */
  dataDir: string;
  /** Default: a free port. */
  port?: number;
  /** Default: ensureNatsServer(). */
  binary?: string;
  readyTimeoutMs?: number;
  /** Default `herald-local-<pid>-<port>`; must be unique within a cluster. */
  serverName?: string;
  /** Joins (or forms) a JetStream cluster: then it is ready only once a metadata leader is known. */
  cluster?: NatsClusterMembership;
}

export interface NatsClusterMembership {
  name: string;
  /** This server's route port. */
  port: number;
  /** Route ports of every member (its own may be listed: the server skips itself). */
  routes: number[];
}

export interface RunningNatsServer {
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts nats-server with JetStream on 127.0.0.1 and resolves once it accepts clients. */
export async function startNatsServer(opts: NatsServerOptions): Promise<RunningNatsServer> {
  const binary = opts.binary ?? (await ensureNatsServer());
  const port = opts.port ?? (await findFreePort(HOST));
  const storeDir = join(opts.dataDir, 'jetstream');
  mkdirSync(storeDir, { recursive: true });
  const proc = await startManagedProcess({
    name: 'nats-server',
    command: binary,
    // No -m: monitoring stays off, so stacks running side by side share no fixed port.
    // A unique server name keeps JetStream from mixing up servers if they ever meet in a cluster.
    args: [
      '-js',
      '-a',
      HOST,
      '-p',
      String(port),
      '-sd',
      storeDir,
      '--server_name',
      opts.serverName ?? `herald-local-${process.pid}-${port}`,
      ...(opts.cluster ? clusterArgs(opts.cluster) : []),
    ],
    logFile: join(opts.dataDir, 'logs', 'nats-server.log'),
    // The log line proves it is our server that listens (the port alone could be someone else's). A cluster member
    // accepts clients before JetStream works: streams can be created once it knows its metadata leader.
    isReady: async (ctx) => {
      const log = ctx.readLog();
      if (!log.includes('Server is ready')) return false;
      if (opts.cluster && !/JetStream cluster (new )?metadata leader/.test(log)) return false;
      return canConnect(HOST, port);
    },
    readyTimeoutMs: opts.readyTimeoutMs,
  });
  return { url: `nats://${HOST}:${port}`, port, process: proc, stop: () => proc.stop() };
}

function clusterArgs(cluster: NatsClusterMembership): string[] {
  return [
    '--cluster_name',
    cluster.name,
    '--cluster',
    `nats://${HOST}:${cluster.port}`,
    '--routes',
    cluster.routes.map((p) => `nats://${HOST}:${p}`).join(','),
  ];
}
