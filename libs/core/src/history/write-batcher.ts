interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Collects writes and stores them together; each caller's promise settles when its batch is stored. One write is in
 * flight at a time: what arrives meanwhile is written as soon as it completes if it is at least `minBatch` items or
 * its oldest has waited `intervalMs` (so batches grow with the load instead of queueing up behind one another), and
 * otherwise once it is; an idle batcher likewise waits at most `intervalMs`, or until `maxBatch` items, to start.
 * Writing every small remainder at once kept FerretDB busy with inserts of one or two records at a moderate rate
 * (about 450 a second for 300 deliveries a second in the bench's hot lane), its CPU taken from everything else.
 */
export class WriteBatcher<T> {
  private pending: Entry<T>[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  /** When the oldest pending item arrived. */
  private oldestAt = 0;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly intervalMs = 10,
    private readonly maxBatch = 500,
    private readonly minBatch = 64,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) this.oldestAt = Date.now();
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
    this.oldestAt = Date.now();
    // Through a promise, so a write that throws synchronously still rejects its batch and frees the batcher.
    this.writing = Promise.resolve()
      .then(() => this.write(batch.map((b) => b.item)))
      .then(
        () => batch.forEach((b) => b.resolve()),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .then(() => {
        this.writing = undefined;
        this.afterWrite();
      });
  }

  private afterWrite(): void {
    if (this.pending.length === 0) return;
    const waited = Date.now() - this.oldestAt;
    if (this.pending.length >= this.minBatch || waited >= this.intervalMs) this.startWrite();
    else this.timer ??= setTimeout(() => this.startWrite(), this.intervalMs - waited);
  }
}
