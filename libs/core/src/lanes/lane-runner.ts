import type { HeldMessage, PinnedSession } from '@herald/transport';
import { Semaphore } from '@herald/transport';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import type { DirectControl } from './direct-work';
import type { LaneSettings } from './lane-settings';
import { TokenBucket } from './token-bucket';

/** One delivery held in its lane, with the stream message that carries it. */
export interface LaneWork {
  delivery: DeliveryMessage;
  held: HeldMessage;
  /** This lane handed it back for lack of room before: its redelivery is not a crash's. */
  handedBack?: boolean;
  /** Started from its event in this instance rather than from the lane's stream (see directWork). */
  direct?: DirectControl;
}

/** What became of one send. */
export type StepResult =
  /** Concluded (or cancelled, or found already delivered): its message is settled. */
  | { kind: 'settled' }
  /** Strict lanes retry in place: the same message, the next attempt, not before `at`. */
  | { kind: 'again'; at: number; next: DeliveryMessage }
  /** The target said 429: the same attempt again once the lane has slowed down, no retry spent. */
  | { kind: 'throttled'; retryAfterMs: number };

export interface LaneExecutor {
  /** `inPlace`: a retry comes back as `again` instead of being queued as a new message. */
  step(work: LaneWork, inPlace: boolean): Promise<StepResult>;
}

/** A lane with no room waits this long before a handed-back message comes again. */
const HAND_BACK_MS = 1000;
const THROTTLE_MS = { first: 1000, max: 60_000 };

class Lane {
  /** Waiting deliveries in stream order; in a strict lane the first one is the head, running or waiting. */
  readonly queue: LaneWork[] = [];
  running = 0;
  /** Stream sequences handed back for lack of room, ascending: newer messages may not overtake them. */
  readonly handedBack: number[] = [];
  /** Nothing starts before this time (a retry's due time, a 429's pause). */
  notBefore = 0;
  timer?: NodeJS.Timeout;
  limiter?: TokenBucket;
  private limitKey?: string;
  throttles = 0;

  settings!: LaneSettings;

  constructor(
    readonly uuid: string,
    settings: LaneSettings,
    carried?: TokenBucket,
  ) {
    this.configure(settings, carried);
  }

  configure(settings: LaneSettings, carried?: TokenBucket): void {
    this.settings = settings;
    const limit = settings.rate_limit;
    const key = limit ? `${limit.per_second}/${limit.burst}` : undefined;
    if (key === this.limitKey && (this.limiter || !carried)) return;
    this.limitKey = key;
    this.limiter = limit
      ? carried?.key === key
        ? carried
        : new TokenBucket(limit.per_second, limit.burst)
      : undefined;
  }

  get idle(): boolean {
    return this.queue.length === 0 && this.running === 0 && this.handedBack.length === 0;
  }
}

/**
 * Runs each notification's deliveries as a lane: in stream order and one at a time (strict) or up to a bound at once
 * (none), under the lane's rate limit and the plugin's overall concurrency. A flowing lane takes whatever its partition
 * delivers; a blocked one (its head waiting for a retry or after a 429) holds at most `holdCap` deliveries and hands the
 * rest back to JetStream, and its newer ones too until those come back, so a blocked lane never takes its partition's
 * room from the other lanes and is never reordered. Lanes belong to the pinned session their messages came
 * in: when the pin moves, what has not started is handed back at once for the new owner.
 */
export class LaneRunner {
  private readonly lanes = new Map<string, Lane>();
  /** Rate limits of lanes that went idle before their bucket refilled: a new burst must not start early. */
  private readonly resting = new Map<string, TokenBucket>();
  private readonly sessions = new WeakSet<PinnedSession>();

  constructor(
    private readonly executor: LaneExecutor,
    private readonly settingsOf: (uuid: string) => LaneSettings,
    private readonly slots: Semaphore,
    private readonly holdCap: number,
    /** Told after each send of the lane concluded one way or another. */
    private readonly onStep: (uuid: string) => void = () => undefined,
  ) {}

  /** Deliveries held, waiting or running, across lanes. */
  get held(): number {
    let n = 0;
    for (const lane of this.lanes.values())
      n += lane.queue.length + (lane.settings.ordering === 'none' ? lane.running : 0);
    return n;
  }

  /** Held deliveries that are retries waiting for their time. */
  get retriesHeld(): number {
    const now = Date.now();
    let n = 0;
    for (const lane of this.lanes.values())
      for (const w of lane.queue) if (w.delivery.attempt > 1 && (w.delivery.notBefore ?? 0) > now) n++;
    return n;
  }

  /**
   * Whether a delivery started here directly would run next in its lane, behind nothing: a strict lane must be idle;
   * an unordered one must have room and be neither paused nor waiting for deliveries it handed back.
   */
  acceptsDirect(uuid: string): boolean {
    const lane = this.lanes.get(uuid);
    if (!lane) return true;
    if (!this.flowing(uuid)) return false;
    if (lane.settings.ordering === 'strict') return lane.idle;
    return lane.running + lane.queue.length < lane.settings.max_in_flight;
  }

  /** Neither waiting for a retry's or a 429's time nor for deliveries it handed back: it moves on as fast as it can. */
  flowing(uuid: string): boolean {
    const lane = this.lanes.get(uuid);
    return !lane || !(this.blocked(lane) || lane.handedBack.length > 0 || lane.timer);
  }

  /** How many of the lane's sends may run at once. */
  capacity(uuid: string): number {
    const s = this.settingsOf(uuid);
    return s.ordering === 'strict' ? 1 : Math.max(1, s.max_in_flight);
  }

  /** Holds nothing here, waiting or running. */
  idle(uuid: string): boolean {
    return this.lanes.get(uuid)?.idle ?? true;
  }

  offer(work: LaneWork): void {
    const { session } = work.held;
    if (session.lost.aborted) {
      work.held.nak();
      return;
    }
    this.watch(session);
    const uuid = work.delivery.notification.uuid;
    let lane = this.lanes.get(uuid);
    if (!lane) {
      lane = new Lane(uuid, this.settingsOf(uuid), this.resting.get(uuid));
      this.resting.delete(uuid);
      this.lanes.set(uuid, lane);
    }
    const seq = work.held.msg.seq;
    const back = lane.handedBack;
    const behindHandedBack = back.length > 0 && seq > back[0];
    // A flowing lane takes what its partition delivers; only a blocked one is held to `holdCap`.
    if (behindHandedBack || (this.blocked(lane) && lane.queue.length >= this.holdCap)) {
      this.handBack(lane, work);
      return;
    }
    if (back[0] === seq) {
      back.shift();
      work.handedBack = true;
    }
    lane.queue.push(work);
    this.pump(lane);
  }

  private blocked(lane: Lane): boolean {
    return lane.notBefore > Date.now();
  }

  /** Back to JetStream for a while; newer messages of the lane follow it there, so none overtakes it. */
  private handBack(lane: Lane, work: LaneWork): void {
    if (work.direct) {
      // Into the lane's stream, behind what this lane holds: no stream message of the lane is older than it.
      work.held.nak();
      return;
    }
    const back = lane.handedBack;
    const seq = work.held.msg.seq;
    if (!back.includes(seq)) {
      back.push(seq);
      back.sort((a, b) => a - b);
    }
    work.held.nak(HAND_BACK_MS);
  }

  /** A lane that just became blocked keeps `holdCap` deliveries and hands the newest of the rest back. */
  private shed(lane: Lane): void {
    const excess = lane.queue.length - this.holdCap;
    if (excess <= 0) return;
    // Never the head (it may be running or waiting in place): only waiting deliveries from the tail.
    for (const work of lane.queue.splice(Math.max(this.holdCap, 1))) this.handBack(lane, work);
  }

  /** When a session ends, its lanes' waiting deliveries go back to JetStream for the new owner. */
  private watch(session: PinnedSession): void {
    if (this.sessions.has(session)) return;
    this.sessions.add(session);
    session.lost.addEventListener('abort', () => {
      for (const lane of this.lanes.values()) {
        const mine = lane.queue.filter((w) => w.held.session === session);
        // A strict head that is running keeps its place until it settles.
        const running = lane.settings.ordering === 'strict' && lane.running > 0 ? lane.queue[0] : undefined;
        for (const w of mine) if (w !== running) w.held.nak();
        lane.queue.splice(
          0,
          lane.queue.length,
          ...lane.queue.filter((w) => w.held.session !== session || w === running),
        );
        lane.handedBack.length = 0;
        clearTimeout(lane.timer);
        lane.timer = undefined;
        lane.notBefore = 0;
        if (lane.idle) this.retire(lane);
      }
    });
  }

  private pump(lane: Lane): void {
    lane.configure(this.settingsOf(lane.uuid));
    if (lane.timer) return;
    const wait = lane.notBefore - Date.now();
    if (wait > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.pump(lane);
      }, wait);
      return;
    }
    if (lane.settings.ordering === 'strict') {
      if (lane.running === 0 && lane.queue.length > 0) void this.run(lane, lane.queue[0]);
    } else {
      while (lane.running < lane.settings.max_in_flight && lane.queue.length > 0) {
        void this.run(lane, lane.queue.shift() as LaneWork);
      }
    }
    if (lane.idle) this.retire(lane);
  }

  private retire(lane: Lane): void {
    this.lanes.delete(lane.uuid);
    if (!lane.limiter || lane.limiter.full()) return;
    this.resting.set(lane.uuid, lane.limiter);
    if (this.resting.size > 1000) for (const [uuid, b] of this.resting) if (b.full()) this.resting.delete(uuid);
  }

  private async run(lane: Lane, work: LaneWork): Promise<void> {
    const strict = lane.settings.ordering === 'strict';
    lane.running++;
    let result: StepResult | undefined;
    try {
      const due = (work.delivery.notBefore ?? 0) - Date.now();
      if (strict && due > 0) {
        // A strict head not due yet (a retry handed over by a previous owner): the lane waits with it.
        lane.notBefore = Date.now() + due;
        return;
      }
      const wait = lane.limiter?.reserve() ?? 0;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await this.slots.acquire();
      try {
        if (work.held.session.lost.aborted) {
          work.held.nak();
          result = { kind: 'settled' };
          return;
        }
        result = await this.executor.step(work, strict);
      } finally {
        this.slots.release();
      }
    } catch {
      // The executor records and settles what it can; a throw leaves the message to JetStream's redelivery (a direct
      // delivery has none, so it goes to the lane's stream).
      if (work.direct) work.held.nak();
      result = { kind: 'settled' };
    } finally {
      lane.running--;
      this.after(lane, work, result, strict);
    }
  }

  private after(lane: Lane, work: LaneWork, result: StepResult | undefined, strict: boolean): void {
    if (work.direct && result && result.kind !== 'settled') {
      this.spill(lane, work, result, strict);
    } else if (result?.kind === 'settled') {
      work.direct?.release();
      lane.throttles = 0;
      if (strict && lane.queue[0] === work) lane.queue.shift();
    } else if (result?.kind === 'again') {
      lane.throttles = 0;
      work.delivery = result.next;
      lane.notBefore = result.at;
      if (result.at - Date.now() >= HAND_BACK_MS) this.shed(lane);
    } else if (result?.kind === 'throttled') {
      lane.throttles++;
      const backoff = Math.min(THROTTLE_MS.first * 2 ** (lane.throttles - 1), THROTTLE_MS.max);
      lane.notBefore = Date.now() + (result.retryAfterMs > 0 ? result.retryAfterMs : backoff);
      if (!strict) lane.queue.unshift(work);
      this.shed(lane);
    }
    if (!work.held.session.lost.aborted || lane.queue.length > 0) this.pump(lane);
    else if (lane.idle) this.retire(lane);
    this.onStep(lane.uuid);
  }

  /**
   * A direct delivery that has to wait (a retry, a 429) goes to the lane's stream rather than hold its event: the
   * dispatcher has appended nothing of a strict lane behind it, so it keeps its place there.
   */
  private spill(lane: Lane, work: LaneWork, result: Exclude<StepResult, { kind: 'settled' }>, strict: boolean): void {
    if (strict && lane.queue[0] === work) lane.queue.shift();
    if (result.kind === 'again') {
      lane.throttles = 0;
      work.delivery = result.next;
    } else {
      lane.throttles++;
      const backoff = Math.min(THROTTLE_MS.first * 2 ** (lane.throttles - 1), THROTTLE_MS.max);
      lane.notBefore = Date.now() + (result.retryAfterMs > 0 ? result.retryAfterMs : backoff);
      work.delivery = { ...work.delivery, notBefore: lane.notBefore };
    }
    work.held.nak();
  }
}
