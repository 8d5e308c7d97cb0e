import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureFerretDb } from './ferretdb.binary';
import { findFreePorts } from './free-port.util';
import { ManagedProcess, startManagedProcess } from './managed-process';
import { canConnect, httpStatus } from './probe.util';

const HOST = '127.0.0.1';

export interface FerretDbOptions {
  /** SQLite files go to `<dataDir>/sqlite/`, state to `<dataDir>/state`, the log to `<dataDir>/logs/ferretdb.log`. */
  dataDir: string;
  /** MongoDB wire protocol port; default a free port. */
  port?: number;
  /** Port of the debug HTTP endpoint (/debug/readyz); default a free port. */
  debugPort?: number;
  /** Default: ensureFerretDb({ toolsDir }). */
  binary?: string;
  toolsDir?: string;
  readyTimeoutMs?: number;
}

export interface RunningFerretDb {
  uri: string;
  port: number;
  debugPort: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts FerretDB (SQLite backend) on 127.0.0.1 and resolves once it accepts MongoDB connections. */
export async function startFerretDb(opts: FerretDbOptions): Promise<RunningFerretDb> {
  const binary = opts.binary ?? (await ensureFerretDb({ toolsDir: opts.toolsDir }));
  const [port, debugPort] = await pickPorts(opts.port, opts.debugPort);
  const sqliteDir = join(opts.dataDir, 'sqlite');
  const stateDir = join(opts.dataDir, 'state');
  mkdirSync(sqliteDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  const debugAddr = `${HOST}:${debugPort}`;
  const proc = await startManagedProcess({
    name: 'ferretdb',
    command: binary,
    args: [
      '--handler=sqlite',
      // A file: URL (percent-encoded, trailing slash required by FerretDB) survives odd characters in paths. FerretDB
      // runs SQLite in WAL mode; synchronous=normal is SQLite's advice for WAL: a crash of any process loses nothing,
      // only a power cut can lose the last commits, and no commit waits for an fsync.
      `--sqlite-url=${pathToFileURL(sqliteDir).href}/?_pragma=synchronous(normal)`,
      `--state-dir=${stateDir}`,
      `--listen-addr=${HOST}:${port}`,
      // Its default (127.0.0.1:8088) would collide between two stacks.
      `--debug-addr=${debugAddr}`,
      '--telemetry=disable',
      '--log-level=warn',
    ],
    // Its SQLite driver is Go and allocates per document: a lazier Go GC costs a few MB of RSS and saved about a fifth
    // of FerretDB's CPU under Herald's history writes (bench, 20,000 deliveries). GOGC in the environment wins.
    env: { ...process.env, GOGC: process.env.GOGC ?? '400' },
    logFile: join(opts.dataDir, 'logs', 'ferretdb.log'),
    isReady: async () => {
      // readyz answers 200 once our own listener is up; 404 would mean a build without probes: trust TCP then.
      const status = await httpStatus(`http://${debugAddr}/debug/readyz`);
      if (status !== 200 && status !== 404) return false;
      return canConnect(HOST, port);
    },
    readyTimeoutMs: opts.readyTimeoutMs,
  });
  return { uri: `mongodb://${HOST}:${port}/`, port, debugPort, process: proc, stop: () => proc.stop() };
}

async function pickPorts(port: number | undefined, debugPort: number | undefined): Promise<[number, number]> {
  const free = await findFreePorts(2, HOST);
  const listen = port ?? free[0];
  return [listen, debugPort ?? (free[0] === listen ? free[1] : free[0])];
}
