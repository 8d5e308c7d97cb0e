import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFreePort } from '@herald/local-stack';

const REPO_ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(REPO_ROOT, 'apps/herald/dist/main.js');
const running = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface HeraldProcess {
  url: string;
  pid: number;
  logs(): string;
  /** Resolves once the output so far matches (a line may be written a moment after what it reports is done). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Settles with the exit code once the process is gone, however it ended. */
  exited: Promise<number | null>;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the built host (`npm run build` first) as a real process against the given servers, on a free port unless
 * `env.HERALD_HTTP_PORT` names one (a restart that something outside, a registry, calls back at the same address).
 */
export async function startHerald(env: Record<string, string>, timeoutMs = 30_000): Promise<HeraldProcess> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before the e2e tests`);
  const port = env.HERALD_HTTP_PORT ? Number(env.HERALD_HTTP_PORT) : await findFreePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, HERALD_HTTP_HOST: '127.0.0.1', ...env, HERALD_HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const logWaiters = new Set<() => void>();
  const onOutput = (d: Buffer) => {
    output += d.toString();
    for (const check of logWaiters) check();
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const waitForLog = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        logWaiters.delete(check);
        reject(new Error(`no log line matching ${pattern} in ${timeoutMs} ms:\n${output.slice(-3000)}`));
      }, timeoutMs);
      const check = () => {
        if (!pattern.test(output)) return;
        clearTimeout(timer);
        logWaiters.delete(check);
        resolve();
      };
      logWaiters.add(check);
      check();
    });
  const exited = new Promise<number | null>((resolve) =>
    // 'close', not 'exit': by then its output is read to the end.
    child.once('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  // A process killed by a signal keeps exitCode null: its signalCode says it is gone.
  while (!ready && Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    ready = await fetch(`${url}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`Herald did not become healthy in ${timeoutMs} ms:\n${output.slice(-4000)}`);
  }
  return {
    url,
    pid: child.pid as number,
    logs: () => output,
    waitForLog,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
