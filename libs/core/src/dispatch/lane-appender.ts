import type { BatchItem } from '@herald/transport';
import type { DirectAnswer, DirectOffer, DirectTicket, DirectWait } from '../lanes/direct-work';

/** Backoff between tries of an append that failed (NATS unreachable, a stream leader being elected). */
const RETRY_MS = { first: 250, max: 5000 };

/** Appends per atomic batch: well under nats-server's cap (1,000). */
const MAX_BATCH = 256;
/**
 * Fewer waiting appends than this go one at a time: on a single server each batch is staged in a file store of its own
 * and synced before it commits, which costs more than a few plain publishes (the bench's N=100 burst ran at a quarter
 * of its speed with a batch for every pair of waiting appends, and the open-loop p99 tripled).
 */
const MIN_BATCH = 16;
/** Batches in flight at once, across lanes, for the same reason: the other lanes meanwhile append one at a time. */
const MAX_BATCHES_IN_FLIGHT = 2;

/** How appends reach the lanes' stream. */
export interface AppendTransport {
  /** One message, acknowledged on its own. */
  publish(subject: string, data: Uint8Array, msgID: string): Promise<unknown>;
  /** Many messages stored in this order or not at all, for one acknowledgement; absent where the stream cannot. */
  publishBatch?(items: BatchItem[]): Promise<void>;
}

/** One delivery for a lane. */
export interface AppendItem {
  msgID: string;
  /** Its stored form, made only when it is stored. */
  encode(): Uint8Array;
  /** Tried when it is the lane's next: started in this instance instead of stored, if the lane takes it. */
  direct?: DirectOffer;
}

interface Pending extends AppendItem {
  subject: string;
  until: AbortSignal;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Appends deliveries to lanes in the order of their events. Each strict lane has at most one append (or batch) in
 * flight and sends the next once it is stored, so a failure can never let a later event's append overtake an earlier
 * one's (a leader change can lose one publish and store the next). What queues up behind it meanwhile goes out as one
 * atomic batch where the stream takes them (nats-server 2.12+): stored whole and in order or not at all, for one
 * acknowledgement, so a hot lane appends a burst at the pace of a few round trips rather than one per event. Only a
 * long queue goes as a batch (see MIN_BATCH): an idle or lightly loaded lane appends one message at a time.
 *
 * A batch that fails is sent again one message at a time (its ids make whatever it did store harmless; a batch holding
 * an id already stored, e.g. from a redelivered event, is refused whole). An append that fails is tried again in
 * place, its event held, for as long as this instance dispatches: the events behind it wait rather than go back to
 * JetStream, which would spend their deliveries towards max_deliver for a fault that is not theirs. Once it gives up,
 * the appends waiting behind it in its lane give up too. Unordered lanes append at once.
 */
export class LaneAppender {
  /** Strict lanes with an append in flight, and what waits behind it. */
  private readonly lanes = new Map<string, Pending[]>();
  private batchesInFlight = 0;

  constructor(
    private readonly io: AppendTransport,
    private readonly minBatch = MIN_BATCH,
  ) {}

  /** Strict lanes with appends in flight or waiting. */
  get size(): number {
    return this.lanes.size;
  }

  /**
   * `until`: the dispatching session; once it ends, waiting appends give up and their events go back to JetStream.
   * Resolves once the delivery is stored, or (taken directly) concluded.
   */
  append(subject: string, add: AppendItem, until: AbortSignal, ordered: boolean): Promise<void> {
    if (!ordered) return this.appendUnordered(subject, add, until);
    return new Promise<void>((resolve, reject) => {
      const item: Pending = { ...add, subject, until, resolve, reject };
      const waiting = this.lanes.get(subject);
      if (waiting) {
        waiting.push(item);
        return;
      }
      const queue = [item];
      this.lanes.set(subject, queue);
      void this.drain(subject, queue);
    });
  }

  private async appendUnordered(subject: string, add: AppendItem, until: AbortSignal): Promise<void> {
    const answer = add.direct?.();
    const ticket = answer && 'wait' in answer ? await afterWaiting(answer, add.direct, until) : answer;
    return ticket ? ticket.concluded : this.publishPersistently(subject, add.encode(), add.msgID, until);
  }

  private async drain(subject: string, queue: Pending[]): Promise<void> {
    while (queue.length > 0) {
      // The head waits while its lane catches up; what queues behind it meanwhile waits too, in order.
      const { direct, until } = queue[0];
      const answer = direct?.();
      // Asked synchronously: an idle lane's first append goes alone, before anything can queue behind it.
      const ticket = answer && 'wait' in answer ? await afterWaiting(answer, direct, until) : answer;
      if (ticket) {
        // Nothing else of the lane is stored before this delivery is released: it stays the lane's oldest.
        const head = queue.shift() as Pending;
        ticket.concluded.then(head.resolve, head.reject);
        try {
          await ticket.released;
        } catch (err) {
          for (const later of queue.splice(0)) later.reject(err);
        }
        continue;
      }
      const next = queue.splice(0, MAX_BATCH);
      if (next.length >= this.minBatch && this.io.publishBatch && this.batchesInFlight < MAX_BATCHES_IN_FLIGHT) {
        this.batchesInFlight++;
        try {
          await this.io.publishBatch(next.map((p) => ({ subject: p.subject, data: p.encode(), msgID: p.msgID })));
          for (const p of next) p.resolve();
        } catch {
          await this.oneByOne(next, queue);
        } finally {
          this.batchesInFlight--;
        }
      } else {
        await this.oneByOne(next, queue);
      }
    }
    this.lanes.delete(subject);
  }

  /** In order, one message at a time; one that gives up takes the lane's later appends along. */
  private async oneByOne(items: Pending[], queue: Pending[]): Promise<void> {
    for (let i = 0; i < items.length; i++) {
      const p = items[i];
      try {
        await this.publishPersistently(p.subject, p.encode(), p.msgID, p.until);
        p.resolve();
      } catch (err) {
        for (const later of [...items.slice(i), ...queue.splice(0)]) later.reject(err);
        return;
      }
    }
  }

  /** One message now, tried again until stored or `until` ends (a direct delivery going to its lane's stream). */
  async publishPersistently(subject: string, data: Uint8Array, msgID: string, until: AbortSignal): Promise<void> {
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

/** The offer's ticket once the lane stops asking to wait; undefined: store it (also once `until` ends). */
async function afterWaiting(
  first: DirectWait,
  offer: DirectOffer | undefined,
  until: AbortSignal,
): Promise<DirectTicket | undefined> {
  for (let answer: DirectAnswer = first; answer; answer = until.aborted ? undefined : offer?.()) {
    if (!('wait' in answer)) return answer;
    await answer.wait;
  }
  return undefined;
}
