/** A window of one aggregation key: parts in arrival order, from the first part's stored time. */
export interface Window<T> {
  key: string;
  opensAt: number;
  parts: T[];
}

/**
 * Which parts merge: a window opens at its first part's stored time (JetStream's timestamp, so the same parts group
 * the same way again after a crash) and takes every part of its key stored within `windowMs` of it, up to `maxParts`.
 * Pure bookkeeping: the caller closes windows (on its timer, or when `add` hands one back) and settles the parts.
 */
export class AggregationWindows<T> {
  private readonly open = new Map<string, Window<T>>();

  constructor(
    private readonly windowMs: number,
    private readonly maxParts: number,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** Adds a part; returns the key's window when this part starts a new one, and the window it closed, if any. */
  add(key: string, at: number, part: T): { opened?: Window<T>; closed?: Window<T> } {
    const current = this.open.get(key);
    if (current && at <= current.opensAt + this.windowMs && current.parts.length < this.maxParts) {
      current.parts.push(part);
      return {};
    }
    if (current) this.open.delete(key);
    const opened: Window<T> = { key, opensAt: at, parts: [part] };
    this.open.set(key, opened);
    return { opened, closed: current };
  }

  /** Removes and returns the window, if it is still the open one. */
  close(window: Window<T>): boolean {
    if (this.open.get(window.key) !== window) return false;
    this.open.delete(window.key);
    return true;
  }

  /** Every open window, removed: for a lost pin or a stop. */
  drain(): Window<T>[] {
    const all = [...this.open.values()];
    this.open.clear();
    return all;
  }
}
