/**
 * A rate limit as a token bucket: `burst` sends at once, refilled at `perSecond`. Sends reserve their token up front,
 * so concurrent senders queue behind each other instead of all waking at the same instant.
 */
export class TokenBucket {
  /** The limit it enforces, to tell whether a lane's settings still match it. */
  readonly key: string;
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.key = `${perSecond}/${burst}`;
    this.tokens = burst;
    this.last = now;
  }

  /** Takes a token; returns how long to wait before sending with it (0: at once). */
  reserve(now = Date.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.perSecond);
  }

  /** Refilled to its burst: forgetting it now changes nothing. */
  full(now = Date.now()): boolean {
    return this.tokens + ((now - this.last) * this.perSecond) / 1000 >= this.burst;
  }
}
