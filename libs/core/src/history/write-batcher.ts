interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Collects writes and stores them together; each caller's promise settles when its batch is stored. One write is in
 * flight at a time: what arrives meanwhile is written as soon as it completes (so batches grow with the load instead of
 * queueing up behind one another), and an idle batcher waits at most `intervalMs`, or until `maxBatch` items, to start.
 */
export class WriteBatcher<T> {
  private pending: Entry<T>[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly intervalMs = 10,
    private readonly maxBatch = 500,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.writing) return;
      if (this.pending.length >= this.maxBatch) this.startWrite();
      else this.timer ??= setTimeout(() => this.startWrite(), this.intervalMs);
    });
  }

  /** Writes whatever is waiting; resolves once every write so far is done. */
  async drain(): Promise<void> {
    while (this.writing || this.pending.length > 0) {
      this.startWrite();
      await this.writing;
    }
  }

  private startWrite(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.maxBatch);
    // Through a promise, so a write that throws synchronously still rejects its batch and frees the batcher.
    this.writing = Promise.resolve()
      .then(() => this.write(batch.map((b) => b.item)))
      .then(
        () => batch.forEach((b) => b.resolve()),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .then(() => {
        this.writing = undefined;
        this.startWrite();
      });
  }
}
