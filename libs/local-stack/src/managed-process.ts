import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileFrom, tailLines } from './log-file.util';
import { trackResource } from './process-registry';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  error?: Error;
}

export interface ReadinessContext {
  /** What this run has written to its log so far (earlier runs appending to the same file are skipped). */
  readLog(): string;
}

export interface ManagedProcessOptions {
  /** Short name used in errors, e.g. 'nats-server'. */
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Polled until it returns true; a throw counts as "not yet". */
  isReady: (ctx: ReadinessContext) => Promise<boolean>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  stopTimeoutMs?: number;
  pollMs?: number;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Settles (never rejects) when the process has exited, for whatever reason. */
  readonly exited: Promise<ProcessExit>;
  isRunning(): boolean;
  /** The last lines this run wrote to its log. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after stopTimeoutMs; resolves once the process is gone. Idempotent. */
  stop(): Promise<void>;
}

const TAIL_BYTES = 64 * 1024;

class ChildHandle implements ManagedProcess {
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;
  private stopping: Promise<void> | undefined;
  private readonly untrack: () => void;

  constructor(
    readonly name: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
    private readonly logStart: number,
    private readonly stopTimeoutMs: number,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      // 'error' also reports failed kill() calls; only a failed spawn (no pid) means there is no process.
      child.once('error', (error) => {
        if (child.pid === undefined) resolve({ code: null, signal: null, error });
      });
    });
    this.untrack = trackResource({ stop: () => this.stop(), killSync: () => this.kill('SIGKILL') });
    void this.exited.then((exit) => {
      this.exit = exit;
      this.untrack();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  isRunning(): boolean {
    return this.exit === undefined && this.child.pid !== undefined;
  }

  readLog(): string {
    return readFileFrom(this.logFile, this.logStart);
  }

  logTail(lines = 20): string {
    return tailLines(readFileFrom(this.logFile, this.logStart, TAIL_BYTES), lines);
  }

  stop(): Promise<void> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.isRunning()) this.child.kill(signal);
  }

  private async terminate(): Promise<void> {
    if (this.isRunning()) {
      this.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(resolve, this.stopTimeoutMs, true))),
      ]);
      clearTimeout(timer);
      if (timedOut) this.kill('SIGKILL');
    }
    await this.exited;
  }
}

/**
 * Starts a long-running child with its output in a log file and resolves once isReady() says so.
 * If the child exits first or readiness times out, it is stopped and the error carries the log tail,
 * which is where the real reason (port in use, bad flag) is.
 */
export async function startManagedProcess(opts: ManagedProcessOptions): Promise<ManagedProcess> {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  // The child writes straight to the file, so the log survives us and needs no piping.
  const fd = openSync(opts.logFile, 'a');
  let handle: ChildHandle;
  try {
    const logStart = fstatSync(fd).size;
    const child = spawn(opts.command, opts.args, {
      stdio: ['ignore', fd, fd],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      detached: false,
    });
    handle = new ChildHandle(opts.name, opts.logFile, child, logStart, opts.stopTimeoutMs ?? 5000);
  } finally {
    closeSync(fd);
  }
  try {
    await waitUntilReady(handle, opts);
    return handle;
  } catch (err) {
    await handle.stop();
    throw err;
  }
}

async function waitUntilReady(handle: ChildHandle, opts: ManagedProcessOptions): Promise<void> {
  const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  const ctx: ReadinessContext = { readLog: () => handle.readLog() };
  let exit: ProcessExit | undefined;
  void handle.exited.then((e) => (exit = e));
  for (;;) {
    const ready = await opts.isReady(ctx).catch(() => false);
    // Checked after the probe too: a port may answer on behalf of some other process while ours is dying.
    if (exit) throw earlyExitError(handle, opts, exit);
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${opts.name} was not ready after ${readyTimeoutMs} ms; last lines of ${handle.logFile}:\n${indent(handle.logTail())}`,
      );
    }
    await Promise.race([sleep(opts.pollMs ?? 50), handle.exited]);
  }
}

function earlyExitError(handle: ChildHandle, opts: ManagedProcessOptions, exit: ProcessExit): Error {
  if (exit.error) return new Error(`could not start ${opts.name} (${opts.command}): ${exit.error.message}`);
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  const tail = handle.logTail() || '(log is empty)';
  return new Error(
    `${opts.name} exited before it was ready (${how}); last lines of ${handle.logFile}:\n${indent(tail)}`,
  );
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}
