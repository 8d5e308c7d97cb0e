/** Entries are dropped when they expire or are seen; this bounds the ones never looked at again. */
const MAX_KEYS = 10_000;

/**
 * Which notifications have first attempts waiting in the stream rather than in this process, so that their later
 * events follow them there instead of overtaking them. Each entry counts the spilled attempts this process has not yet
 * seen come back, and lapses after `holdMs` (another instance may have taken them).
 */
export class SpillLedger {
  private readonly entries = new Map<string, { count: number; until: number }>();

  constructor(private readonly holdMs: number) {}

  /** A first attempt for the key went to the stream. */
  spilled(key: string): void {
    const now = Date.now();
    if (this.entries.size >= MAX_KEYS) {
      for (const [k, entry] of this.entries) if (entry.until <= now) this.entries.delete(k);
    }
    const entry = this.entries.get(key);
    if (entry && entry.until > now) {
      entry.count++;
      entry.until = now + this.holdMs;
    } else {
      this.entries.set(key, { count: 1, until: now + this.holdMs });
    }
  }

  /** A spilled first attempt for the key came back to this process. */
  arrived(key: string): void {
    const entry = this.entries.get(key);
    if (entry && --entry.count <= 0) this.entries.delete(key);
  }

  /** Whether the key still has spilled attempts out there. */
  has(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.until > Date.now()) return true;
    this.entries.delete(key);
    return false;
  }
}
