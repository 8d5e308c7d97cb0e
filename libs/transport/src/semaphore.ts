/** Bounds concurrent work; waiters are served in arrival order. */
export class Semaphore {
  private readonly waiters: (() => void)[] = [];
  private used = 0;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`semaphore size must be a positive integer, got ${size}`);
  }

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.used--;
  }
}
