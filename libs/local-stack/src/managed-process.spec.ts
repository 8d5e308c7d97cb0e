import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcessOptions, startManagedProcess } from './managed-process';
import { stopAllLocalProcesses } from './process-registry';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A node child running `script`; ready once it has logged "ready". */
function nodeChild(dir: string, script: string, overrides: Partial<ManagedProcessOptions> = {}): ManagedProcessOptions {
  return {
    name: 'fixture',
    command: process.execPath,
    args: ['-e', script],
    logFile: join(dir, 'logs', 'fixture.log'),
    isReady: async (ctx) => ctx.readLog().includes('ready'),
    readyTimeoutMs: 5000,
    ...overrides,
  };
}

const LONG_RUNNING = "console.log('ready'); setInterval(() => {}, 1000);";

describe('startManagedProcess', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'herald-managed-process-spec-'))));
  afterEach(async () => {
    await stopAllLocalProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for readiness and stops with SIGTERM', async () => {
    const proc = await startManagedProcess(nodeChild(dir, LONG_RUNNING));
    expect(proc.isRunning()).toBe(true);
    expect(isAlive(proc.pid)).toBe(true);
    await proc.stop();
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(isAlive(proc.pid)).toBe(false);
    await expect(proc.stop()).resolves.toBeUndefined();
  });

  it('reports the log tail of a child that exits before it is ready', async () => {
    const script =
      "for (let i = 0; i < 30; i++) console.log('line ' + i); console.error('boom: port in use'); process.exit(3);";
    const err = await startManagedProcess(nodeChild(dir, script)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/fixture exited before it was ready \(exit code 3\)/);
    expect((err as Error).message).toContain('boom: port in use');
    expect((err as Error).message).toContain('line 29');
    expect((err as Error).message).not.toContain('line 5\n');
  });

  it('only looks at what this run logged', async () => {
    const first = await startManagedProcess(nodeChild(dir, LONG_RUNNING));
    await first.stop();
    const err = await startManagedProcess(nodeChild(dir, 'setTimeout(() => process.exit(1), 200);')).catch((e) => e);
    expect(String(err)).toMatch(/exited before it was ready/);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const script = `process.on('SIGTERM', () => {}); ${LONG_RUNNING}`;
    const proc = await startManagedProcess(nodeChild(dir, script, { stopTimeoutMs: 200 }));
    await proc.stop();
    expect((await proc.exited).signal).toBe('SIGKILL');
    expect(isAlive(proc.pid)).toBe(false);
  });

  it('stops a child that never becomes ready', async () => {
    const pids: number[] = [];
    const opts = nodeChild(dir, 'console.log(process.pid); setInterval(() => {}, 1000);', {
      readyTimeoutMs: 300,
      isReady: async (ctx) => {
        const pid = Number.parseInt(ctx.readLog(), 10);
        if (pid) pids.push(pid);
        return false;
      },
    });
    await expect(startManagedProcess(opts)).rejects.toThrow(/fixture was not ready after 300 ms/);
    expect(pids.length).toBeGreaterThan(0);
    expect(isAlive(pids[0])).toBe(false);
  });

  it('reports a command that cannot be started', async () => {
    const opts = nodeChild(dir, '', { command: join(dir, 'no-such-binary') });
    await expect(startManagedProcess(opts)).rejects.toThrow(/could not start fixture .*ENOENT/);
  });

  it('stopAllLocalProcesses stops everything still running', async () => {
    const procs = await Promise.all([1, 2].map(() => startManagedProcess(nodeChild(dir, LONG_RUNNING))));
    await stopAllLocalProcesses();
    for (const proc of procs) expect(isAlive(proc.pid)).toBe(false);
  });
});
