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
      `herald-local-${process.pid}-${port}`,
    ],
    logFile: join(opts.dataDir, 'logs', 'nats-server.log'),
    // The log line proves it is our server that listens (the port alone could be someone else's).
    isReady: async (ctx) => ctx.readLog().includes('Server is ready') && (await canConnect(HOST, port)),
    readyTimeoutMs: opts.readyTimeoutMs,
  });
  return { url: `nats://${HOST}:${port}`, port, process: proc, stop: () => proc.stop() };
}
