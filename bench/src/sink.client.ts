import { IpcChild } from './ipc-child.util';
import type { SeqRange, SinkStats } from './sink.protocol';

/** The parent's handle on the sink process. */
export class SinkClient {
  private constructor(
    private readonly child: IpcChild,
    readonly url: string,
  ) {}

  /** The webhook (HTTP) sink by default; the e-mail scenario starts smtp-sink.process.js. */
  static async start(name = 'sink', file = 'sink.process.js'): Promise<SinkClient> {
    const { child, ready } = await IpcChild.start<{ type: 'ready'; url: string }>(name, file);
    return new SinkClient(child, ready.url);
  }

  get pid(): number {
    return this.child.pid;
  }

  async reset(): Promise<void> {
    await this.child.request({ cmd: 'reset' });
  }

  async stats(range: SeqRange): Promise<SinkStats> {
    return (await this.child.request<{ type: string; stats: SinkStats }>({ cmd: 'stats', range })).stats;
  }

  /** Waits until every seq of the range arrived, or nothing new came for idleMs, or timeoutMs ran out. */
  async waitFor(range: SeqRange, idleMs = 15_000, timeoutMs = 180_000): Promise<SinkStats> {
    const reply = await this.child.request<{ type: string; stats: SinkStats }>({
      cmd: 'wait',
      range,
      idleMs,
      timeoutMs,
    });
    return reply.stats;
  }

  stop(): Promise<void> {
    return this.child.kill();
  }
}
