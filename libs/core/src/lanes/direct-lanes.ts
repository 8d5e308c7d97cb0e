import type { Logger } from '@nestjs/common';
import {
  HeldMessage,
  laneOfStoredSubject,
  lanePartitionOf,
  laneSubject,
  partitionOfStoredSubject,
  PinnedSession,
  PinnedWorker,
} from '@herald/transport';
import type { CoreSettings } from '../core-settings';
import { DeliveryMessage, encodeDelivery } from '../dispatch/delivery-message';
import { DirectAnswer, directWork, Spill } from './direct-work';
import type { LaneRunner } from './lane-runner';
import type { LaneTraffic } from './lane-traffic';

/** How often at most a partition's stream is asked whether anything of it waits elsewhere (see isQuiet). */
const QUIET_CHECK_MS = 500;
/** While a lane catches up, the stream may be asked this often: the answer decides when it goes direct. */
const CATCH_UP_CHECK_MS = 20;
/** An append listed as unreceived for this long is likely received elsewhere: the stream is asked again. */
const STALE_APPEND_MS = 5000;
/**
 * Lanes whose sends took longer than this (moving average, divided by the sends the lane runs at once) take the
 * stream: the events of a lane wait in the dispatcher behind its direct deliveries, and a slow target must not hold
 * many of them.
 */
const SLOW_SEND_MS = 50;
/** A slow lane, or one that failed to catch up, is tried directly again after this long. */
const FORGET_MS = 30_000;
/** A lane catching up that shows no progress for this long gives up: its deliveries take the stream. */
const CATCH_UP_STALL_MS = 500;
/** A catch-up that has not let the lane go direct after this long gives up: the dispatcher's other lanes wait too. */
const CATCH_UP_MAX_MS = 1000;
/** A wait ends after this long at the latest, to look again (the wake-ups below are the usual way). */
const WAIT_POLL_MS = 25;
/** Own appends a lane may have waiting for the dispatcher to let it catch up rather than append more. */
const CATCH_UP_MAX_BACKLOG = 512;

export interface DirectCounters {
  /** Deliveries started from their event here, without a trip through the lane's stream. */
  direct: number;
  /** Direct deliveries that went to the lane's stream after all (a retry, a 429, a lost pin). */
  spilled: number;
}

export interface DirectLanesOptions {
  method: string;
  settings: CoreSettings;
  traffic: LaneTraffic;
  workers: readonly PinnedWorker[];
  lanes: LaneRunner;
  logger: Logger;
  counters: DirectCounters;
}

interface CatchUp {
  since: number;
  lastProgress: number;
  wakers: (() => void)[];
}

/**
 * The direct path of one plugin's lanes: a delivery whose lane this instance owns, with nothing of the lane waiting in
 * the stream, starts from its event without a trip through HERALD_LANES. A lane that has only this instance's own
 * appends ahead of it catches up first: the dispatcher waits (its events held, not appended) while the lane works
 * through them, so that a burst to one hot lane runs direct after its first few events instead of racing the lane
 * with appends that cost both of them CPU.
 */
export class DirectLanes {
  /** Per partition: the (lane pin, dispatcher pin) under which nothing of it was found waiting in the stream. */
  private readonly quiet: ({ lane: PinnedSession; dispatch: PinnedSession } | undefined)[] = [];
  private readonly lastQuietCheck: number[] = [];
  private readonly checking = new Set<number>();
  /** Per partition: when a lane message last arrived, and when the server last found messages not held here. */
  private readonly receivedAt: number[] = [];
  private readonly noAt: number[] = [];
  /** Direct deliveries not concluded, whose events the dispatcher holds meanwhile. */
  private held = 0;
  /** Slow lanes' moving average send duration, and when last measured. */
  private readonly sendTimes = new Map<string, { ms: number; at: number }>();
  private readonly catchingUp = new Map<string, CatchUp>();
  /** Lanes that failed to catch up, until when they take the stream without trying. */
  private readonly refused = new Map<string, number>();
  /** Off for good once a stored subject's partition differs from lanePartitionOf's (a server that hashes otherwise). */
  private off = false;
  private stopping = false;

  constructor(private readonly o: DirectLanesOptions) {}

  stop(): void {
    this.stopping = true;
    for (const uuid of [...this.catchingUp.keys()]) this.wake(uuid);
  }

  /** Resolves once no direct delivery is left unconcluded, or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.held > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * A ticket when the delivery started here; a wait when its lane is catching up with this instance's appends; else
   * undefined, and the dispatcher stores it in the lane's stream.
   */
  offer(delivery: DeliveryMessage, event: HeldMessage, spill: Spill): DirectAnswer {
    const { settings, traffic, lanes } = this.o;
    if (this.off || this.stopping || event.session.lost.aborted) return this.leave(delivery.notification.uuid);
    const uuid = delivery.notification.uuid;
    if (this.slow(uuid)) return this.leave(uuid);
    if (this.held >= Math.max(1, Math.floor(settings.dispatchConcurrency / 2))) {
      // Records are behind: a lane running direct waits for them rather than fall back to its stream for good.
      return this.catchingUp.has(uuid) || this.o.lanes.flowing(uuid) ? this.catchUp(uuid) : this.leave(uuid);
    }
    const p = lanePartitionOf(uuid, settings.lanePartitions);
    const lane = this.o.workers[p].openSession;
    if (!lane) return this.leave(uuid);
    const quiet = this.isQuiet(p, lane, event.session);
    const pending = traffic.pending(uuid);
    if (quiet && !pending && lanes.acceptsDirect(uuid)) {
      this.catchingUp.delete(uuid);
      return this.start(delivery, event, lane, spill);
    }
    if ((this.refused.get(uuid) ?? 0) > Date.now()) return undefined;
    if (!lanes.flowing(uuid) || traffic.count(uuid) > CATCH_UP_MAX_BACKLOG) return this.leave(uuid);
    if (!quiet || (pending && lanes.idle(uuid))) {
      // What is listed may have been received elsewhere (an older owner) or never stored: the stream tells.
      const stale = Date.now() - (traffic.oldestPending(uuid) ?? Infinity) > STALE_APPEND_MS;
      this.checkQuiet(p, lane, event.session, this.catchingUp.has(uuid) || stale);
    }
    // Worth waiting for: the lane has work of its own to get through, or an answer that may find the partition quiet.
    const expecting = pending || !lanes.idle(uuid) || (!quiet && this.checking.has(p));
    return expecting ? this.catchUp(uuid) : this.leave(uuid);
  }

  /** A lane message arrived here from the stream. */
  received(held: HeldMessage): void {
    const uuid = laneOfStoredSubject(held.msg.subject);
    if (uuid === undefined) return;
    this.o.traffic.received(uuid, held.msg.headers?.get('Nats-Msg-Id') || undefined);
    const p = partitionOfStoredSubject(held.msg.subject);
    if (p !== undefined) this.receivedAt[p] = Date.now();
    if (!this.off && p !== lanePartitionOf(uuid, this.o.settings.lanePartitions)) {
      this.off = true;
      this.o.logger.error(
        `${held.msg.subject}: stored in partition ${p}, not where Herald computes it: direct deliveries off`,
      );
    }
    this.progressed(uuid);
  }

  /** One of the lane's deliveries settled, went back to the stream or waits for its time. */
  progressed(uuid: string): void {
    const c = this.catchingUp.get(uuid);
    if (!c) return;
    c.lastProgress = Date.now();
    this.wake(uuid);
  }

  /** Only slow lanes are kept: at 100,000 notifications a figure for each would cost memory for nothing. */
  timed(uuid: string, ms: number): void {
    const prev = this.sendTimes.get(uuid);
    const avg = prev && Date.now() - prev.at < FORGET_MS ? prev.ms * 0.8 + ms * 0.2 : ms;
    if (avg <= SLOW_SEND_MS) this.sendTimes.delete(uuid);
    else this.sendTimes.set(uuid, { ms: avg, at: Date.now() });
  }

  private slow(uuid: string): boolean {
    const timed = this.sendTimes.get(uuid);
    if (timed === undefined || Date.now() - timed.at >= FORGET_MS) return false;
    return timed.ms / this.o.lanes.capacity(uuid) > SLOW_SEND_MS;
  }

  private start(delivery: DeliveryMessage, event: HeldMessage, lane: PinnedSession, spill: Spill): DirectAnswer {
    const { counters } = this.o;
    counters.direct++;
    const subject = laneSubject(this.o.method, delivery.notification.uuid);
    const spilled: Spill = (d) => {
      counters.spilled++;
      return spill(d);
    };
    const { work, ticket } = directWork(delivery, event, lane, subject, encodeDelivery, spilled);
    this.held++;
    void ticket.concluded.catch(() => undefined).finally(() => this.held--);
    this.o.lanes.offer(work);
    return ticket;
  }

  /** Through the stream; a catch-up in progress ends (its waiters look again and go the same way). */
  private leave(uuid: string): undefined {
    if (this.catchingUp.has(uuid)) {
      this.wake(uuid);
      this.catchingUp.delete(uuid);
    }
    return undefined;
  }

  /**
   * Waits for the lane rather than append behind what it has in the stream, while that is all this instance's own,
   * little, and the lane works through it. One that stops moving gives up, and is not tried again for a while.
   */
  private catchUp(uuid: string): DirectAnswer {
    const now = Date.now();
    let c = this.catchingUp.get(uuid);
    if (!c) this.catchingUp.set(uuid, (c = { since: now, lastProgress: now, wakers: [] }));
    else if (now - c.lastProgress > CATCH_UP_STALL_MS || now - c.since > CATCH_UP_MAX_MS) {
      this.refused.set(uuid, now + FORGET_MS);
      return this.leave(uuid);
    }
    const waiting = c;
    return {
      wait: new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, WAIT_POLL_MS);
        waiting.wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    };
  }

  private wake(uuid: string): void {
    const c = this.catchingUp.get(uuid);
    if (c) for (const w of c.wakers.splice(0)) w();
  }

  private isQuiet(p: number, lane: PinnedSession, dispatch: PinnedSession): boolean {
    const q = this.quiet[p];
    return q !== undefined && q.lane === lane && q.dispatch === dispatch;
  }

  /**
   * Asks the server whether every message of the partition was delivered and is held here. Once it says so, under
   * these two pins, only this instance's own appends can add to the partition's lanes, and LaneTraffic lists those.
   */
  private checkQuiet(p: number, lane: PinnedSession, dispatch: PinnedSession, soon: boolean): void {
    const { traffic, settings } = this.o;
    const now = Date.now();
    // Soon again only if something arrived since the server last said no: else it would say the same.
    const changed = (this.receivedAt[p] ?? 0) > (this.noAt[p] ?? -1);
    const interval = soon && changed ? CATCH_UP_CHECK_MS : QUIET_CHECK_MS;
    if (this.checking.has(p) || now - (this.lastQuietCheck[p] ?? 0) < interval) return;
    const inPartition = (uuid: string) => lanePartitionOf(uuid, settings.lanePartitions) === p;
    // An append being published now may be stored after the server's answer, unseen by it.
    if (traffic.publishing(inPartition)) return;
    this.checking.add(p);
    this.lastQuietCheck[p] = now;
    const mark = traffic.mark();
    const worker = this.o.workers[p];
    const answered = (drained: boolean) => {
      this.checking.delete(p);
      const valid = !lane.lost.aborted && !dispatch.lost.aborted && worker.openSession === lane;
      if (drained && valid) {
        this.quiet[p] = { lane, dispatch };
        traffic.clear(inPartition, mark);
      } else this.noAt[p] = Date.now();
      // Lanes waiting on this answer look again (an answer is no progress of theirs).
      for (const uuid of [...this.catchingUp.keys()]) if (inPartition(uuid)) this.wake(uuid);
    };
    void worker.allHeldHere().then(answered, () => answered(false));
  }
}
