/**
 * Collects writes and flushes them together, at most every `intervalMs` or once `maxBatch` are waiting; each caller's
 * promise settles when its batch is stored. One round trip per batch instead of per delivery keeps the history from
 * being the engine's bottleneck.
 */
export class WriteBatcher<T> {
  private pending: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly intervalMs = 10,
    private readonly maxBatch = 500,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.intervalMs);
    });
  }

  /** Writes whatever is waiting; resolves once every write so far is done. */
  async drain(): Promise<void> {
    this.flushNow();
    await this.flushing;
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Batches are written one after another so that two updates of one record keep their order.
    this.flushing = this.flushing.then(async () => {
      try {
        await this.write(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    });
  }
}
