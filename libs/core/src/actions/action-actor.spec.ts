import type { JsMsg } from 'nats';
import type { ActionPlugin, DeliveryOutcome } from '@herald/plugin-sdk';
import { DEFAULT_CORE_SETTINGS } from '../core-settings';
import { DeliveryMessage, encodeDelivery, firstAttempt } from '../dispatch/delivery-message';
import { ActionActor, ActorDependencies } from './action-actor';

function gate<T>() {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

const settle = () => new Promise((r) => setImmediate(r));

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

/** What the stream consumer would hand the actor for a message carrying `d`. */
function streamMessage(d: DeliveryMessage) {
  return { data: encodeDelivery(d), seq: 1, info: { redeliveryCount: 1 }, ack: jest.fn(), nak: jest.fn() };
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
    settings: { ...DEFAULT_CORE_SETTINGS, retryScheduleMs: [0, 1000], deliveryTimeoutMs: 2000 },
    index: { has: () => true, isDisabled: () => false, snapshot: jest.fn((): unknown => undefined) },
    queue: { enqueue: jest.fn(() => Promise.resolve()) },
    history: {
      record: jest.fn((r: { message: DeliveryMessage; status: string }) => {
        recorded.push({ id: r.message.eventId, status: r.status });
        return Promise.resolve();
      }),
      wasDelivered: jest.fn(() => Promise.resolve(false)),
    },
    failures: { succeeded: jest.fn(() => Promise.resolve()), failed: jest.fn(() => Promise.resolve()) },
    domainEvents: { deliveryOutcome: jest.fn() },
    emailAuthorizations: { for: () => ({ isEmailAuthorized: () => Promise.resolve(false) }) },
    respawn: () => Promise.resolve(plugin),
  };
  const actor = new ActionActor(plugin, deps as unknown as ActorDependencies);
  const receive = (msg: ReturnType<typeof streamMessage>) =>
    (actor as unknown as { receive(m: JsMsg): Promise<void> }).receive(msg as unknown as JsMsg);
  return { actor, deps, sent, recorded, receive };
}

describe('ActionActor: first attempts taken in-process', () => {
  it('sends, records the outcome, and only then settles the offer', async () => {
    const { actor, sent, recorded } = setup(() => Promise.resolve({ status: 'delivered', httpStatus: 200 }));
    const taken = actor.offer(delivery('e1'), false);
    expect(taken).toBeDefined();
    expect(actor.mailbox).toBe(1);
    await taken;
    expect(sent).toEqual(['e1']);
    expect(recorded).toEqual([{ id: 'e1', status: 'delivered' }]);
    expect(actor.mailbox).toBe(0);
  });

  it('keeps the config out of a stream message and takes it from the index when the message comes back', async () => {
    const configs: unknown[] = [];
    const { deps, receive } = setup((d) => {
      configs.push(d.notification.config);
      return Promise.resolve({ status: 'delivered' });
    });
    const d = delivery('e1');
    d.notification.config = { url: 'https://hooks.example.com/T0/secret-token' };
    const msg = streamMessage(d);
    expect(Buffer.from(msg.data).toString()).not.toContain('secret-token');
    const live = { ...d.notification, config: { url: 'https://hooks.example.com/T0/secret-token' } };
    deps.index.snapshot.mockReturnValue(live);
    await receive(msg);
    expect(configs).toEqual([live.config]);
    expect(msg.ack).toHaveBeenCalled();
  });

  it('stores the retry before settling when the attempt fails', async () => {
    const { actor, deps } = setup(() => Promise.resolve({ status: 'retry', httpStatus: 500, reason: 'HTTP 500' }));
    await actor.offer(delivery('e1'), false);
    expect(deps.queue.enqueue).toHaveBeenCalledWith(expect.objectContaining({ attempt: 2, chain: 'e1:n-1' }));
  });

  it('does not send again what a redelivered event already got through', async () => {
    const { actor, deps, sent } = setup(() => Promise.resolve({ status: 'delivered' }));
    deps.history.wasDelivered.mockResolvedValue(true);
    await actor.offer(delivery('e1'), true);
    expect(sent).toEqual([]);
    expect(deps.history.wasDelivered).toHaveBeenCalledWith('e1:n-1');
    // A first delivery never pays for the check.
    deps.history.wasDelivered.mockClear();
    await actor.offer(delivery('e2'), false);
    expect(deps.history.wasDelivered).not.toHaveBeenCalled();
  });

  it('refuses a notification with work waiting, and keeps refusing until what it spilled comes back', async () => {
    // Calls wait while `holding`; release() answers them all and lets later ones through.
    let holding = true;
    const held: (() => void)[] = [];
    const { actor, sent, receive } = setup(
      () =>
        new Promise<DeliveryOutcome>((resolve) => {
          const answer = () => resolve({ status: 'delivered' });
          if (holding) held.push(answer);
          else answer();
        }),
    );
    const release = () => {
      holding = false;
      held.splice(0).forEach((answer) => answer());
    };

    // One running and four waiting: a fifth would wait behind four timeouts if the target hung.
    const taken = ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => actor.offer(delivery(id), false));
    expect(taken.every(Boolean)).toBe(true);
    expect(actor.offer(delivery('e6'), false)).toBeUndefined();
    actor.spill('n-1');
    // Another notification is not held up.
    expect(actor.offer(delivery('x1', 'n-2'), false)).toBeDefined();
    release();
    await Promise.all(taken);

    // Idle now, but e6 is still in the stream: e7 must not overtake it.
    expect(actor.offer(delivery('e7'), false)).toBeUndefined();
    actor.spill('n-1');
    const e6 = streamMessage(delivery('e6'));
    await receive(e6);
    expect(e6.ack).toHaveBeenCalled();
    // e7 is still out there.
    expect(actor.offer(delivery('e8'), false)).toBeUndefined();

    holding = true;
    const e7 = streamMessage(delivery('e7'));
    const received = receive(e7);
    // e7 is this process's now, so e8 can queue behind it.
    const e8 = actor.offer(delivery('e8'), false);
    expect(e8).toBeDefined();
    await settle();
    release();
    await Promise.all([received, e8]);
    expect(sent.filter((id) => id.startsWith('e'))).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8']);
  });

  it('refuses everything once stopping, and waits for what it took', async () => {
    const g = gate<DeliveryOutcome>();
    const { actor, recorded } = setup(() => g.promise);
    const taken = actor.offer(delivery('e1'), false);
    const stopped = actor.stop(5000);
    expect(actor.offer(delivery('e2', 'n-2'), false)).toBeUndefined();
    g.open({ status: 'delivered' });
    await Promise.all([taken, stopped]);
    expect(recorded).toEqual([{ id: 'e1', status: 'delivered' }]);
  });
});
