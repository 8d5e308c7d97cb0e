/** Backoff between tries of an append that failed (NATS unreachable, a stream leader being elected). */
const RETRY_MS = { first: 250, max: 5000 };

/**
 * Appends deliveries to lanes in the order of their events. For a strict lane each append is sent once the one before
 * it is stored, so a failure can never let a later event's append overtake an earlier one's (a leader change can lose
 * one publish and store the next). An append that fails is tried again in place, its event held, for as long as this
 * instance dispatches: the events behind it wait rather than go back to JetStream, which would spend their deliveries
 * towards max_deliver for a fault that is not theirs. Unordered lanes append at once.
 */
export class LaneAppender {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly publish: (subject: string, data: Uint8Array, msgID: string) => Promise<unknown>) {}

  /** Strict lanes with appends in flight or waiting. */
  get size(): number {
    return this.tails.size;
  }

  /** `until`: the dispatching session; once it ends, waiting appends give up and their events go back to JetStream. */
  append(subject: string, data: Uint8Array, msgID: string, until: AbortSignal, ordered: boolean): Promise<void> {
    if (!ordered) return this.publishPersistently(subject, data, msgID, until);
    const before = this.tails.get(subject) ?? Promise.resolve();
    // A predecessor that gave up makes this one give up too, so it cannot overtake it.
    const appended = before.then(() => this.publishPersistently(subject, data, msgID, until));
    this.tails.set(subject, appended);
    const forget = () => {
      if (this.tails.get(subject) === appended) this.tails.delete(subject);
    };
    appended.then(forget, forget);
    return appended;
  }

  private async publishPersistently(subject: string, data: Uint8Array, msgID: string, until: AbortSignal) {
    for (let tries = 0; ; tries++) {
      try {
        await this.publish(subject, data, msgID);
        return;
      } catch (err) {
        // A repeated publish is harmless (de-duplicated by its id): the first may have been stored, its ack lost.
        if (until.aborted) throw err;
        await new Promise((r) => setTimeout(r, Math.min(RETRY_MS.first * 2 ** tries, RETRY_MS.max)));
        if (until.aborted) throw err;
      }
    }
  }
}
