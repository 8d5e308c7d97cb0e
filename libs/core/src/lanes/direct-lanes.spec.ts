import { Logger } from '@nestjs/common';
import type { HeldMessage, PinnedSession, PinnedWorker } from '@herald/transport';
import { lanePartitionOf, Semaphore } from '@herald/transport';
import { DEFAULT_CORE_SETTINGS } from '../core-settings';
import { DeliveryMessage, firstAttempt } from '../dispatch/delivery-message';
import { DirectLanes } from './direct-lanes';
import type { DirectAnswer, DirectTicket } from './direct-work';
import { LaneExecutor, LaneRunner, StepResult } from './lane-runner';
import { LaneTraffic } from './lane-traffic';

const settle = () => new Promise((r) => setImmediate(r));
const UUID = 'n-hot';
const settings = { ...DEFAULT_CORE_SETTINGS, lanePartitions: 1 };

function session(): PinnedSession {
  return { id: 'pin', lost: new AbortController().signal };
}

function delivery(seq: number): DeliveryMessage {
  return firstAttempt({
    deliveryId: `e${seq}:${UUID}`,
    eventId: `e${seq}`,
    event: 'repo_push',
    payload: {},
    notification: { uuid: UUID, method: 'webhook' } as never,
    test: false,
  });
}

function event(s: PinnedSession): HeldMessage {
  return {
    msg: { seq: 1, info: { deliveryCount: 1 } },
    session: s,
    ack: jest.fn(),
    nak: jest.fn(),
    term: jest.fn(),
  } as never;
}

/** One partition owned here; the test says what the server answers about its stream. */
function setup() {
  const lane = session();
  const dispatch = session();
  let drained = true;
  const checks: number[] = [];
  const worker = {
    get openSession() {
      return lane;
    },
    allHeldHere: () => (checks.push(Date.now()), Promise.resolve(drained)),
  } as unknown as PinnedWorker;
  const steps: ((r: StepResult) => void)[] = [];
  const started: string[] = [];
  const executor: LaneExecutor = {
    step: (w) => {
      started.push(w.delivery.eventId);
      return new Promise<StepResult>((resolve) => steps.push(resolve));
    },
  };
  const late: { direct?: DirectLanes } = {};
  const lanes = new LaneRunner(
    executor,
    () => ({ ordering: 'strict', max_in_flight: 1, rate_limit: null }),
    new Semaphore(8),
    4,
    (u) => late.direct?.progressed(u),
  );
  const traffic = new LaneTraffic();
  const counters = { direct: 0, spilled: 0 };
  const direct = new DirectLanes({
    method: 'webhook',
    settings,
    traffic,
    workers: [worker],
    lanes,
    logger: new Logger('test'),
    counters,
  });
  late.direct = direct;
  const spill = jest.fn(() => Promise.resolve());
  const offer = (seq: number): DirectAnswer => direct.offer(delivery(seq), event(dispatch), spill);
  /** A stored lane message of this instance's, as the lane worker receives it. */
  const receive = (msgID: string) =>
    direct.received({
      msg: { subject: `herald.lanes.webhook.${lanePartitionOf(UUID, 1)}.${UUID}`, headers: { get: () => msgID } },
    } as never);
  return {
    direct,
    traffic,
    counters,
    started,
    checks,
    offer,
    receive,
    spill,
    answer: async (r: StepResult = { kind: 'settled' }) => {
      steps.shift()?.(r);
      await settle();
    },
    setDrained: (d: boolean) => (drained = d),
  };
}

const isTicket = (a: DirectAnswer): a is DirectTicket => a !== undefined && !('wait' in a);
const isWait = (a: DirectAnswer): a is { wait: Promise<void> } => a !== undefined && 'wait' in a;

describe('DirectLanes', () => {
  afterEach(() => jest.useRealTimers());

  it('asks the stream first, then starts a delivery of an idle owned lane directly', async () => {
    const t = setup();
    const first = t.offer(1);
    expect(isWait(first)).toBe(true);
    expect(t.checks).toHaveLength(1);
    await (first as { wait: Promise<void> }).wait;
    const again = t.offer(1);
    expect(isTicket(again)).toBe(true);
    await settle();
    expect(t.started).toEqual(['e1']);
    expect(t.counters.direct).toBe(1);
  });

  it('makes the next event wait while the lane is busy, and starts it once the lane settles', async () => {
    const t = setup();
    await (t.offer(1) as { wait: Promise<void> }).wait;
    expect(isTicket(t.offer(1))).toBe(true);
    await settle();
    const second = t.offer(2);
    expect(isWait(second)).toBe(true);
    let woken = false;
    void (second as { wait: Promise<void> }).wait.then(() => (woken = true));
    await t.answer();
    expect(woken).toBe(true);
    expect(isTicket(t.offer(2))).toBe(true);
  });

  it('lets a lane catch up with its own appends before going direct', async () => {
    const t = setup();
    await (t.offer(1) as { wait: Promise<void> }).wait;
    t.traffic.appending(UUID, 'e0#1');
    t.traffic.appended(UUID);
    expect(isWait(t.offer(1))).toBe(true);
    t.receive('e0#1');
    await settle();
    expect(isTicket(t.offer(1))).toBe(true);
  });

  it('sends deliveries through the stream while the partition holds messages from elsewhere', async () => {
    const t = setup();
    t.setDrained(false);
    const first = t.offer(1);
    expect(isWait(first)).toBe(true);
    await (first as { wait: Promise<void> }).wait;
    // The server said no and nothing arrived since: asking again now would hear the same.
    expect(t.offer(1)).toBeUndefined();
    expect(t.checks).toHaveLength(1);
  });

  it('gives up on a lane that stops moving and does not try it again for a while', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const t = setup();
    const w = t.offer(1) as { wait: Promise<void> };
    await w.wait;
    expect(isTicket(t.offer(1))).toBe(true);
    await settle();
    // Its send hangs: the next one waits, then goes to the stream once the lane showed no progress for long.
    expect(isWait(t.offer(2))).toBe(true);
    jest.advanceTimersByTime(600);
    expect(t.offer(2)).toBeUndefined();
    // The dispatcher stores it; the next event does not wait for the lane again.
    t.traffic.appending(UUID, 'e2#1');
    t.traffic.appended(UUID);
    expect(t.offer(3)).toBeUndefined();
    jest.advanceTimersByTime(31_000);
    expect(isWait(t.offer(3))).toBe(true);
  });

  it('takes the stream for a lane whose sends are slow', async () => {
    const t = setup();
    await (t.offer(1) as { wait: Promise<void> }).wait;
    t.direct.timed(UUID, 200);
    expect(t.offer(1)).toBeUndefined();
  });

  it('spills a direct delivery that has to retry into the lane stream, counted', async () => {
    const t = setup();
    await (t.offer(1) as { wait: Promise<void> }).wait;
    const ticket = t.offer(1) as DirectTicket;
    await settle();
    await t.answer({ kind: 'again', at: Date.now() + 60_000, next: { ...delivery(1), attempt: 2 } });
    await ticket.concluded;
    expect(t.spill).toHaveBeenCalledWith(expect.objectContaining({ attempt: 2 }));
    expect(t.counters.spilled).toBe(1);
  });

  it('turns itself off when the server put a lane message in another partition than Herald computes', () => {
    const t = setup();
    t.direct.received({ msg: { subject: `herald.lanes.webhook.7.${UUID}`, headers: { get: () => 'x' } } } as never);
    expect(t.offer(1)).toBeUndefined();
  });
});
