/** A message JetStream redelivers unless told, now and then, that it is still being worked on. */
export interface WorkingMessage {
  working(): void;
}

/**
 * Keeps held messages from being redelivered to a sibling while this process works on them or holds them in a lane:
 * one sweep for all of them rather than a timer per message, since most are done in milliseconds.
 */
export class ProgressReporter<M extends WorkingMessage> {
  private readonly reportedAt = new Map<M, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly ackWaitMs: number) {}

  get size(): number {
    return this.reportedAt.size;
  }

  start(): void {
    const every = Math.max(this.ackWaitMs / 4, 50);
    this.timer = setInterval(() => this.sweep(this.ackWaitMs / 2), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  track(msg: M): void {
    this.reportedAt.set(msg, Date.now());
  }

  untrack(msg: M): boolean {
    return this.reportedAt.delete(msg);
  }

  has(msg: M): boolean {
    return this.reportedAt.has(msg);
  }

  private sweep(olderThanMs: number): void {
    const now = Date.now();
    for (const [msg, at] of this.reportedAt) {
      if (now - at < olderThanMs) continue;
      msg.working();
      this.reportedAt.set(msg, now);
    }
  }
}
