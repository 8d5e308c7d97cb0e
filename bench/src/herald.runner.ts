import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFreePort } from '@herald/local-stack';
import { nowMs, sleep } from './clock.util';

const REPO_ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(REPO_ROOT, 'apps/herald/dist/main.js');
/** Running Herald children and how to stop each one (SIGTERM once: a second one would kill Herald mid-shutdown). */
const running = new Map<ChildProcess, () => Promise<number | null>>();
process.on('exit', () => {
  for (const child of running.keys()) child.kill('SIGKILL');
});

/** For the runner's cleanup: stops every Herald still running and waits for them to exit. */
export async function stopAllHeralds(): Promise<void> {
  await Promise.all([...running.values()].map((stop) => stop()));
}

/** The parts of GET /health the bench reads: the dispatcher's and each action's counters. */
export interface HeraldHealth {
  checks?: { dispatcher?: Record<string, unknown> };
  actions?: Record<string, Record<string, unknown>>;
}

export interface HeraldChild {
  pid: number;
  url: string;
  /** From spawn to the first /health 200 (the routing index is loaded by then). */
  bootMs: number;
  logs(): string;
  health(): Promise<HeraldHealth>;
  /** SIGTERM; SIGKILL after killAfterMs. Resolves with the exit code. */
  stop(killAfterMs?: number): Promise<number | null>;
}

function runFlags(): string[] {
  const script = 'source scripts/node-flags.sh && printf %s "$HERALD_NODE_FLAGS"';
  return execFileSync('bash', ['-c', script], { cwd: REPO_ROOT, env: process.env })
    .toString()
    .split(' ')
    .filter(Boolean);
}

/** Runs the built host (apps/herald/dist/main.js) as its own process, like test/support/herald.process.ts does. */
export async function startHeraldChild(
  env: Record<string, string>,
  opts: { cpuProfDir?: string; timeoutMs?: number } = {},
): Promise<HeraldChild> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const port = await findFreePort();
  // The run command's flags (scripts/node-flags.sh), so speed and RSS are measured as users run Herald.
  const nodeArgs = [...runFlags(), ...(opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [])];
  const started = nowMs();
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, HERALD_HTTP_HOST: '127.0.0.1', HERALD_HTTP_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Always read the pipes: a full pipe would block Herald's logger and, with it, the benchmark.
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-16_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let stopping: Promise<number | null> | undefined;
  /** SIGTERM; SIGKILL after killAfterMs. Idempotent. */
  const stop = (killAfterMs = 20_000): Promise<number | null> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    })();
    return stopping;
  };
  running.set(child, stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (opts.timeoutMs ?? 120_000);
  let ready = false;
  while (!ready && nowMs() < deadline && child.exitCode === null) {
    ready = await fetch(`${url}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await sleep(50);
  }
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`Herald did not become healthy:\n${output.slice(-4000)}`);
  }
  const bootMs = nowMs() - started;
  return {
    pid: child.pid as number,
    url,
    bootMs,
    logs: () => output,
    health: async () => (await (await fetch(`${url}/health`)).json()) as HeraldHealth,
    stop,
  };
}
