import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

interface Reply {
  type: string;
  id?: number;
  error?: string;
}

/**
 * A compiled bench script (bench/dist/<file>.js) run with child_process.fork: resolves once it sends { type: 'ready' },
 * then answers commands by id over IPC.
 */
export class IpcChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-8000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m: Reply) => {
      if (m.type !== 'reply' || m.id === undefined) return;
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiter?.reject(new Error(`${name}: ${m.error}`));
      else waiter?.resolve(m);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        for (const w of this.pending.values()) w.reject(new Error(`${name} exited (${signal ?? code})`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid as number;
  }

  logs(): string {
    return this.output;
  }

  static async start<R extends { type: 'ready' }>(
    name: string,
    script: string,
    env: Record<string, string> = {},
    timeoutMs = 20_000,
  ): Promise<{ child: IpcChild; ready: R }> {
    const child = fork(path.join(__dirname, script), [], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    running.add(child);
    const ipc = new IpcChild(name, child);
    const ready = await new Promise<R>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} not ready in ${timeoutMs} ms:\n${ipc.logs()}`)),
        timeoutMs,
      );
      child.on('message', (m: { type?: string }) => {
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        resolve(m as R);
      });
      void ipc.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before it was ready:\n${ipc.logs()}`));
      });
    }).catch(async (err: unknown) => {
      await ipc.kill();
      throw err;
    });
    return { child: ipc, ready };
  }

  request<T extends Reply>(command: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (r) => resolve(r as T), reject });
      this.child.send({ ...command, id }, (err) => {
        if (!err) return;
        this.pending.delete(id);
        reject(err);
      });
    });
  }

  /** SIGTERM, then SIGKILL if it is still there after a second. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    await this.exited;
    clearTimeout(timer);
  }
}
