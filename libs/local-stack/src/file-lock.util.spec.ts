import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withFileLock } from './file-lock.util';

describe('withFileLock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'herald-file-lock-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs holders one at a time and removes the lock afterwards', async () => {
    const lock = join(dir, 'build.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withFileLock(
        lock,
        async () => {
          events.push(`${name}:in`);
          await sleep(100);
          events.push(`${name}:out`);
        },
        { pollMs: 20 },
      );
    await Promise.all([holder('a'), holder('b')]);
    expect(events).toEqual(['a:in', 'a:out', 'b:in', 'b:out']);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const lock = join(dir, 'build.lock');
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lock, String(deadPid));
    await expect(withFileLock(lock, async () => 'done', { timeoutMs: 1000 })).resolves.toBe('done');
  });

  it('gives up after the timeout while a live process holds it', async () => {
    const lock = join(dir, 'build.lock');
    writeFileSync(lock, String(process.pid));
    await expect(withFileLock(lock, async () => 'never', { timeoutMs: 200, pollMs: 20 })).rejects.toThrow(
      /timed out waiting for lock/,
    );
  });
});
