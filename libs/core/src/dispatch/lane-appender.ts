import type { BatchItem } from '@herald/transport';

/** Backoff between tries of an append that failed (NATS unreachable, a stream leader being elected). */
const RETRY_MS = { first: 250, max: 5000 };

/** Appends per atomic batch: well under nats-server's cap (1,000), and a burst's worth at a time. */
const MAX_BATCH = 256;

/** How appends reach the lanes' stream. */
export interface AppendTransport {
  /** One message, acknowledged on its own. */
  publish(subject: string, data: Uint8Array, msgID: string): Promise<unknown>;
  /** Many messages stored in this order or not at all, for one acknowledgement; absent where the stream cannot. */
  publishBatch?(items: BatchItem[]): Promise<void>;
}

interface Pending extends BatchItem {
  until: AbortSignal;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Appends deliveries to lanes in the order of their events.
 *
 * With atomic batches, every append waiting is sent in one batch, and the next batch only once that one is stored: a
 * batch is stored whole and in order or not at all, so no append can overtake an earlier one, even across a stream
 * leader change, and a burst costs one acknowledgement per batch instead of one per append (with one batch in flight,
 * batches grow with the load). A batch that fails is sent again one message at a time, as below (its ids make
 * whatever it did store harmless: a redelivered event's appends are de-duplicated that way, where a batch holding an
 * id already stored is refused whole).
 *
 * One at a time (a server without atomic batches): for a strict lane each append is sent once the one before it is
 * stored, so a failure can never let a later event's append overtake an earlier one's (a leader change can lose one
 * publish and store the next). Unordered lanes append at once.
 *
 * Either way an append that fails is tried again in place, its event held, for as long as this instance dispatches:
 * the events behind it wait rather than go back to JetStream, which would spend their deliveries towards max_deliver
 * for a fault that is not theirs. Once it gives up, the appends waiting behind it in its lane give up too.
 */
export class LaneAppender {
  private readonly tails = new Map<string, Promise<void>>();
  private pending: Pending[] = [];
  private flushing = false;

  constructor(private readonly io: AppendTransport) {}

  /** Strict lanes with appends in flight or waiting (one at a time), or appends not yet stored (batches). */
  get size(): number {
    return this.tails.size + this.pending.length + (this.flushing ? 1 : 0);
  }

  /** `until`: the dispatching session; once it ends, waiting appends give up and their events go back to JetStream. */
  append(subject: string, data: Uint8Array, msgID: string, until: AbortSignal, ordered: boolean): Promise<void> {
    if (this.io.publishBatch) {
      return new Promise<void>((resolve, reject) => {
        this.pending.push({ subject, data, msgID, until, resolve, reject });
        if (!this.flushing) {
          this.flushing = true;
          // The rest of this pull's events join the first batch.
          setImmediate(() => void this.flush());
        }
      });
    }
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

  private async flush(): Promise<void> {
    const publishBatch = this.io.publishBatch as NonNullable<AppendTransport['publishBatch']>;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        if (batch.length === 1) await this.io.publish(batch[0].subject, batch[0].data, batch[0].msgID);
        else await publishBatch(batch);
        for (const p of batch) p.resolve();
      } catch {
        await this.oneByOne(batch);
      }
    }
    this.flushing = false;
  }

  /** A failed batch, again in order one message at a time; an append that gives up takes its lane's later ones along. */
  private async oneByOne(batch: Pending[]): Promise<void> {
    const gaveUp = new Map<string, unknown>();
    for (const p of batch) {
      if (gaveUp.has(p.subject)) {
        p.reject(gaveUp.get(p.subject));
        continue;
      }
      try {
        await this.publishPersistently(p.subject, p.data, p.msgID, p.until);
        p.resolve();
      } catch (err) {
        gaveUp.set(p.subject, err);
        p.reject(err);
      }
    }
    if (gaveUp.size === 0) return;
    this.pending = this.pending.filter((p) => {
      if (!gaveUp.has(p.subject)) return true;
      p.reject(gaveUp.get(p.subject));
      return false;
    });
  }

  private async publishPersistently(subject: string, data: Uint8Array, msgID: string, until: AbortSignal) {
    for (let tries = 0; ; tries++) {
      try {
        await this.io.publish(subject, data, msgID);
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
