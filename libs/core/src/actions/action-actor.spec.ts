import type { ActionPlugin, DeliveryOutcome } from '@herald/plugin-sdk';
import type { HeldMessage } from '@herald/transport';
import { DEFAULT_CORE_SETTINGS } from '../core-settings';
import { DeliveryMessage, encodeDelivery, firstAttempt } from '../dispatch/delivery-message';
import { LaneTraffic } from '../lanes/lane-traffic';
import { ActionActor, ActorDependencies } from './action-actor';

function delivery(eventId: string, uuid = 'n-1'): DeliveryMessage {
  return firstAttempt({
    deliveryId: `${eventId}:${uuid}`,
    eventId,
    event: 'repo_push',
    payload: { repository: 'ns/app', seq: eventId },
    notification: { uuid, repository: 'ns/app', method: 'fake', config: {}, title: null, event_config: {} } as never,
    test: false,
  });
}

/** What a lane partition's pinned worker hands the actor for a message carrying `d`. */
function held(d: DeliveryMessage, deliveryCount = 1) {
  let markAcked!: () => void;
  const acked = new Promise<void>((resolve) => (markAcked = resolve));
  return {
    msg: { data: encodeDelivery(d), seq: 1, subject: 'herald.lanes.fake.0.n-1', info: { deliveryCount } },
    session: { id: 'pin', lost: new AbortController().signal },
    /** Settles once the actor acks the message: it is done with it. */
    acked,
    ack: jest.fn(() => markAcked()),
    nak: jest.fn(),
    term: jest.fn(),
  };
}

function setup(deliver: (d: DeliveryMessage) => Promise<DeliveryOutcome>) {
  const sent: string[] = [];
  const plugin: ActionPlugin = {
    method: 'fake',
    configClass: class {},
    deliver: (d) => {
      sent.push(d.eventId);
      return deliver(d as DeliveryMessage);
    },
  };
  const recorded: { id: string; status: string }[] = [];
  const deps = {
    nats: { js: {}, jsm: {} },
    pinned: { js: {}, jsm: {} },
    settings: { ...DEFAULT_CORE_SETTINGS, retryScheduleMs: [0, 1000], deliveryTimeoutMs: 2000 },
    index: {
      has: () => true,
      isDisabled: () => false,
      snapshot: jest.fn((): unknown => undefined),
      laneSettings: jest.fn(() => ({ ordering: 'strict', max_in_flight: 1, rate_limit: null })),
    },
    queue: { enqueue: jest.fn(() => Promise.resolve()) },
    history: {
      record: jest.fn((r: { message: DeliveryMessage; status: string }) => {
        recorded.push({ id: r.message.eventId, status: r.status });
        return Promise.resolve();
      }),
      wasDelivered: jest.fn(() => Promise.resolve(false)),
      chainConcluded: jest.fn(() => Promise.resolve(false)),
      noteStart: jest.fn(() => Promise.resolve(1)),
      get: jest.fn((): unknown => Promise.resolve(undefined)),
    },
    failures: { succeeded: jest.fn(() => Promise.resolve()), failed: jest.fn(() => Promise.resolve()) },
    domainEvents: { deliveryOutcome: jest.fn() },
    emailAuthorizations: { for: () => ({ isEmailAuthorized: () => Promise.resolve(false) }) },
    traffic: new LaneTraffic(),
    respawn: () => Promise.resolve(plugin),
  };
  const actor = new ActionActor(plugin, deps as unknown as ActorDependencies);
  const receive = (m: ReturnType<typeof held>) =>
    (actor as unknown as { receive(h: HeldMessage): void }).receive(m as unknown as HeldMessage);
  return { actor, deps, sent, recorded, receive };
}

describe('ActionActor', () => {
  it('sends, records the outcome, and only then acks', async () => {
    const { sent, recorded, receive } = setup(() => Promise.resolve({ status: 'delivered', httpStatus: 200 }));
    const m = held(delivery('e1'));
    receive(m);
    await m.acked;
    expect(sent).toEqual(['e1']);
    expect(recorded).toEqual([{ id: 'e1', status: 'delivered' }]);
    expect(m.ack).toHaveBeenCalled();
  });

  it('keeps the config out of the stream message and takes it from the index', async () => {
    const configs: unknown[] = [];
    const { deps, receive } = setup((d) => {
      configs.push(d.notification.config);
      return Promise.resolve({ status: 'delivered' });
    });
    const d = delivery('e1');
    d.notification.config = { url: 'https://hooks.example.com/T0/secret-token' };
    const m = held(d);
    expect(Buffer.from(m.msg.data).toString()).not.toContain('secret-token');
    const live = { ...d.notification, config: { url: 'https://hooks.example.com/T0/secret-token' } };
    deps.index.snapshot.mockReturnValue(live);
    receive(m);
    await m.acked;
    expect(configs).toEqual([live.config]);
  });

  it('retries a strict lane in place, and queues the retry of an unordered one before acking', async () => {
    const failing = () => Promise.resolve({ status: 'retry', httpStatus: 500, reason: 'HTTP 500' } as const);
    const strict = setup(failing);
    const m = held(delivery('e1'));
    strict.receive(m);
    // Acked once the last attempt failed for good.
    await m.acked;
    // Attempt 1 failed, attempt 2 followed at once (schedule [0, 1000]), attempt 3 after 1 s: all the same message.
    expect(strict.sent).toEqual(['e1', 'e1', 'e1']);
    expect(strict.deps.queue.enqueue).not.toHaveBeenCalled();
    expect(m.ack).toHaveBeenCalledTimes(1);

    const loose = setup(failing);
    loose.deps.index.laneSettings.mockReturnValue({ ordering: 'none', max_in_flight: 4, rate_limit: null });
    const n = held(delivery('e2'));
    loose.receive(n);
    await n.acked;
    expect(loose.deps.queue.enqueue).toHaveBeenCalledWith(expect.objectContaining({ attempt: 2, chain: 'e2:n-1' }));
    expect(n.ack).toHaveBeenCalled();
  });

  it('does not send again what a redelivered message already got through', async () => {
    const { deps, sent, receive } = setup(() => Promise.resolve({ status: 'delivered' }));
    deps.history.wasDelivered.mockResolvedValue(true);
    const m = held(delivery('e1'), 2);
    receive(m);
    await m.acked;
    expect(sent).toEqual([]);
    expect(deps.history.wasDelivered).toHaveBeenCalledWith('e1:n-1');
    expect(m.ack).toHaveBeenCalled();
    // A first delivery never pays for the check.
    deps.history.wasDelivered.mockClear();
    const first = held(delivery('e2'));
    receive(first);
    await first.acked;
    expect(deps.history.wasDelivered).not.toHaveBeenCalled();
  });

  it("resumes a redelivered strict head from the records' keys, reading its history only when an attempt concluded", async () => {
    const { deps, sent, receive } = setup(() => Promise.resolve({ status: 'delivered' }));
    const m = held(delivery('e1'), 2);
    receive(m);
    await m.acked;
    expect(deps.history.chainConcluded).toHaveBeenCalledWith('e1:n-1');
    expect(deps.history.get).not.toHaveBeenCalled();
    expect(sent).toEqual(['e1']);

    // Its first attempt failed for good before the owner died: the history says the chain is over, nothing is sent.
    deps.history.chainConcluded.mockResolvedValue(true);
    deps.history.get.mockResolvedValue({ view: { attempt_count: 1, status: 'failed' } } as never);
    const again = held(delivery('e2'), 2);
    receive(again);
    await again.acked;
    expect(deps.history.get).toHaveBeenCalledWith('n-1', 'e2:n-1');
    expect(sent).toEqual(['e1']);
  });

  it('answers a 429 by slowing the lane, without recording an attempt', async () => {
    let calls = 0;
    const { recorded, actor, receive } = setup(() =>
      Promise.resolve(
        calls++ === 0
          ? { status: 'retry', httpStatus: 429, reason: 'HTTP 429', retryAfterMs: 50 }
          : { status: 'delivered', httpStatus: 200 },
      ),
    );
    const m = held(delivery('e1'));
    receive(m);
    await m.acked;
    expect(calls).toBe(2);
    expect(recorded).toEqual([{ id: 'e1', status: 'delivered' }]);
    expect(actor.stats.throttled).toBe(1);
  });
});
