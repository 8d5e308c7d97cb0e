import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FileLockOptions {
  /** Give up waiting for another holder after this long. */
  timeoutMs?: number;
  pollMs?: number;
  /** Called once when the lock is held by someone else, so slow waits are explained. */
  onWait?: (holderPid: number | undefined) => void;
}

/**
 * Runs fn while holding an exclusive lock file (created with O_EXCL, holding our pid), so concurrent processes
 * (jest workers, two `npm start`s) never do the same expensive work at once. A lock whose pid is gone is stale
 * and taken over, so a crash mid-build does not block later runs.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let announced = false;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (;;) {
    if (tryCreate(lockPath)) break;
    const holder = readHolder(lockPath);
    // Re-reading right before removal narrows the race with another waiter that already took the lock over.
    if (isStale(lockPath, holder) && readHolder(lockPath) === holder) {
      removeQuietly(lockPath);
      continue;
    }
    if (!announced) opts.onWait?.(holder);
    announced = true;
    if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockPath} (held by pid ${holder ?? '?'})`);
    await sleep(opts.pollMs ?? 250);
  }
  try {
    return await fn();
  } finally {
    removeQuietly(lockPath);
  }
}

function tryCreate(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isStale(lockPath: string, holder: number | undefined): boolean {
  if (holder === undefined) {
    // Empty file: the holder may be between open and write; only give up on it after a while.
    try {
      return Date.now() - statSync(lockPath).mtimeMs > 10_000;
    } catch {
      return true;
    }
  }
  return !isPidAlive(holder);
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
