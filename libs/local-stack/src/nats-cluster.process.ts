import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findRestartablePorts } from './free-port.util';
import { ensureNatsServer } from './nats-server.binary';
import { RunningNatsServer, startNatsServer } from './nats-server.process';
import { trackResource } from './process-registry';

export interface NatsClusterOptions {
  /** Default: a fresh `herald-nats-cluster-*` directory under the OS temp dir, removed again by stop(). */
  dataDir?: string;
  /** Default: ensureNatsServer(). */
  binary?: string;
  /** Default `herald-<pid>`. */
  clusterName?: string;
  readyTimeoutMs?: number;
}

export interface RunningNatsCluster {
  /** The members, in order: node i has its store and log under `<dataDir>/node-<i>` and server name `<name>-<i>`. */
  nodes: RunningNatsServer[];
  /** Every member's client URL, comma-separated, as HERALD_NATS_URL takes them. */
  url: string;
  dataDir: string;
  /** The member whose server name this is (as JetStream reports stream leaders), if any. */
  nodeNamed(serverName: string): RunningNatsServer | undefined;
  /** Stops every member still running and removes dataDir if the cluster created it. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `size` nats-server processes with JetStream on 127.0.0.1, routed to each other as one cluster, and resolves
 * once every member knows its JetStream metadata leader. Client and route ports sit below the ephemeral range, so a
 * member killed for a test leaves a port that clients can keep reconnecting to without meeting themselves.
 */
export async function startNatsCluster(size = 3, opts: NatsClusterOptions = {}): Promise<RunningNatsCluster> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'herald-nats-cluster-'));
  mkdirSync(dataDir, { recursive: true });
  const removeDataDir = (): void => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const nodes: RunningNatsServer[] = [];
  const names: string[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      removeDataDir();
      untrack();
    })();
    return stopping;
  };
  const untrack = trackResource({ stop, killSync: removeDataDir });

  try {
    const binary = opts.binary ?? (await ensureNatsServer());
    const ports = await findRestartablePorts(size * 2);
    const clientPorts = ports.slice(0, size);
    const routePorts = ports.slice(size);
    const clusterName = opts.clusterName ?? `herald-${process.pid}`;
    // Together: a member waits for a metadata leader, which needs a quorum of the others up.
    const results = await Promise.allSettled(
      clientPorts.map((port, i) => {
        names[i] = `${clusterName}-${i}`;
        return startNatsServer({
          dataDir: join(dataDir, `node-${i}`),
          port,
          binary,
          serverName: names[i],
          cluster: { name: clusterName, port: routePorts[i], routes: routePorts },
          readyTimeoutMs: opts.readyTimeoutMs,
        });
      }),
    );
    for (const r of results) if (r.status === 'fulfilled') nodes.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes,
    url: nodes.map((node) => node.url).join(','),
    dataDir,
    nodeNamed: (serverName) => nodes[names.indexOf(serverName)],
    stop,
  };
}
