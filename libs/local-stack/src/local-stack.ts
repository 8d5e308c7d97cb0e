import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunningFerretDb, startFerretDb } from './ferretdb.process';
import { findFreePorts } from './free-port.util';
import { ManagedProcess } from './managed-process';
import { RunningNatsServer, startNatsServer } from './nats-server.process';
import { trackResource } from './process-registry';

export type LocalStackLogger = (message: string) => void;

export interface LocalStackOptions {
  /** Default: a fresh `herald-stack-*` directory under the OS temp dir, removed again by stop(). */
  dataDir?: string;
  /** Start nats-server (default true). */
  nats?: boolean;
  /** Start FerretDB (default true). */
  mongo?: boolean;
  log?: LocalStackLogger;
  /** Passed to ensureFerretDb(). */
  toolsDir?: string;
  readyTimeoutMs?: number;
}

export interface LocalStack {
  natsUrl?: string;
  mongoUri?: string;
  dataDir: string;
  /** The running children (pid, logFile), e.g. for diagnostics. */
  processes: ManagedProcess[];
  /** Stops every child and removes dataDir if this stack created it. Idempotent. */
  stop(): Promise<void>;
}

/** Starts nats-server and/or FerretDB on free loopback ports, in parallel. */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const log = opts.log ?? (() => undefined);
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), 'herald-stack-'));
  mkdirSync(dataDir, { recursive: true });
  const removeDataDir = (): void => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const processes: ManagedProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all(processes.map((proc) => proc.stop()));
      removeDataDir();
      untrack();
    })();
    return stopping;
  };
  // Tracked before anything starts, so even an exit during startup removes the temp dir.
  const untrack = trackResource({ stop, killSync: removeDataDir });

  let nats: RunningNatsServer | undefined;
  let ferret: RunningFerretDb | undefined;
  try {
    // Taken together so the three ports are distinct from each other.
    const [natsPort, mongoPort, debugPort] = await findFreePorts(3);
    const common = { dataDir, readyTimeoutMs: opts.readyTimeoutMs };
    const results = await Promise.allSettled([
      opts.nats === false ? undefined : startNatsServer({ ...common, port: natsPort }),
      opts.mongo === false
        ? undefined
        : startFerretDb({ ...common, port: mongoPort, debugPort, toolsDir: opts.toolsDir }),
    ]);
    nats = results[0].status === 'fulfilled' ? results[0].value : undefined;
    ferret = results[1].status === 'fulfilled' ? results[1].value : undefined;
    for (const server of [nats, ferret]) if (server) processes.push(server.process);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new Error(failures.map((e) => (e instanceof Error ? e.message : e)).join('\n'));
  } catch (err) {
    await stop();
    throw err;
  }

  for (const proc of processes) {
    log(`${proc.name} running (pid ${proc.pid}, log ${proc.logFile})`);
    void proc.exited.then((exit) => {
      if (!stopping)
        log(`${proc.name} exited unexpectedly (${exit.signal ?? `code ${exit.code}`}); see ${proc.logFile}`);
    });
  }
  return { natsUrl: nats?.url, mongoUri: ferret?.uri, dataDir, processes, stop };
}

export interface StackFromEnv {
  /** HERALD_NATS_URL when set. */
  natsUrl?: string;
  /** HERALD_MONGODB_URI when set. */
  mongoUri?: string;
  /** True when nats-server must be started locally. */
  startNats: boolean;
  /** True when FerretDB must be started locally. */
  startMongo: boolean;
}

/** Which parts are configured externally and which need a local server; blank values count as unset. */
export function resolveStackFromEnv(env: NodeJS.ProcessEnv = process.env): StackFromEnv {
  const natsUrl = env.HERALD_NATS_URL?.trim() || undefined;
  const mongoUri = env.HERALD_MONGODB_URI?.trim() || undefined;
  return { natsUrl, mongoUri, startNats: !natsUrl, startMongo: !mongoUri };
}
