/**
 * Runs jobs with at most `concurrency` at once overall and one at a time per key, in arrival order per key: deliveries
 * to one notification go out in event order, and a slow target holds one slot, not all of them.
 */
export class KeyedScheduler {
  private readonly queues = new Map<string, (() => Promise<void>)[]>();
  /** Keys with work waiting and none running, in the order they became ready. */
  private readonly ready: string[] = [];
  private readonly busy = new Set<string>();
  private running = 0;

  constructor(private readonly concurrency: number) {}

  /** Jobs waiting (not running) for the key. */
  backlog(key: string): number {
    return this.queues.get(key)?.length ?? 0;
  }

  get active(): number {
    return this.running;
  }

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Through a promise, so a job that throws synchronously still settles and frees its slot.
      const wrapped = () => Promise.resolve().then(job).then(resolve, reject) as Promise<void>;
      const queue = this.queues.get(key);
      if (queue) queue.push(wrapped);
      else {
        this.queues.set(key, [wrapped]);
        if (!this.busy.has(key)) this.ready.push(key);
      }
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      const queue = this.queues.get(key);
      const job = queue?.shift();
      if (!job) continue;
      if (queue!.length === 0) this.queues.delete(key);
      this.busy.add(key);
      this.running++;
      void job().finally(() => {
        this.running--;
        this.busy.delete(key);
        if (this.queues.has(key)) this.ready.push(key);
        this.pump();
      });
    }
  }
}
