import { REPO_PUSH_SAMPLE } from '@herald/events';
import type { HeldMessage } from '@herald/transport';
import { DEFAULT_CORE_SETTINGS } from '../core-settings';
import { decodeDelivery } from './delivery-message';
import { EventDispatcher } from './event-dispatcher.service';

function heldEvent(seq = 7, session = new AbortController()) {
  return {
    session: { id: 'pin', lost: session.signal },
    msg: {
      subject: 'registry.events.repo_push',
      data: Buffer.from(JSON.stringify(REPO_PUSH_SAMPLE)),
      seq,
      headers: { get: () => `evt-${seq}` },
      info: { deliveryCount: 1 },
    },
    ack: jest.fn(),
    nak: jest.fn(),
    term: jest.fn(),
  };
}

function setup(publish: (subject: string, tries: number) => Promise<unknown>) {
  const targets = [
    { uuid: 'n-1', method: 'webhook', config: { url: 'https://secret.example/' } },
    { uuid: 'n-2', method: 'email', config: {} },
  ];
  const index = { match: () => targets, laneSettings: () => ({ ordering: 'strict' }) };
  const published: { subject: string; data: Uint8Array; msgID: string }[] = [];
  const nats = {
    js: {
      publish: jest.fn((subject: string, data: Uint8Array, opts: { msgID: string }) => {
        published.push({ subject, data, msgID: opts.msgID });
        return publish(subject, published.filter((p) => p.subject === subject).length);
      }),
    },
  };
  const dispatcher = new EventDispatcher(nats as never, {} as never, index as never, DEFAULT_CORE_SETTINGS);
  return { dispatcher, published };
}

describe('EventDispatcher.handle', () => {
  it('appends one delivery per match to its lane, without secrets, and acks once all are stored', async () => {
    const { dispatcher, published } = setup(() => Promise.resolve());
    const held = heldEvent();
    await dispatcher.handle(held as unknown as HeldMessage);
    expect(published.map((p) => [p.subject, p.msgID])).toEqual([
      ['herald.lane.webhook.n-1', 'evt-7:n-1#1'],
      ['herald.lane.email.n-2', 'evt-7:n-2#1'],
    ]);
    expect(Buffer.from(published[0].data).toString()).not.toContain('secret.example');
    expect(decodeDelivery(published[0].data)).toMatchObject({ deliveryId: 'evt-7:n-1', attempt: 1, eventId: 'evt-7' });
    expect(held.ack).toHaveBeenCalled();
    expect(dispatcher.stats).toMatchObject({ events: 1, deliveriesQueued: 2, deliveriesDirect: 0 });
  });

  it('keeps trying a failed append; once the pin is lost, waits for the others, fails, and does not ack', async () => {
    let finishSlow!: () => void;
    const slow = new Promise<void>((resolve) => (finishSlow = resolve));
    let triedAgain!: () => void;
    const secondTry = new Promise<void>((resolve) => (triedAgain = resolve));
    const { dispatcher } = setup((subject, tries) => {
      if (!subject.endsWith('n-1')) return slow;
      if (tries === 2) triedAgain();
      return Promise.reject(new Error('nats down'));
    });
    const session = new AbortController();
    const held = heldEvent(7, session);
    let settled = false;
    const handled = dispatcher.handle(held as unknown as HeldMessage).finally(() => (settled = true));
    handled.catch(() => undefined);
    // Tried again after a pause, not handed back.
    await secondTry;
    expect(settled).toBe(false);
    expect(held.nak).not.toHaveBeenCalled();
    session.abort();
    finishSlow();
    await expect(handled).rejects.toThrow('nats down');
    expect(held.ack).not.toHaveBeenCalled();
    expect(dispatcher.stats.events).toBe(0);
  });

  it('parks an event that fails validation and acks it', async () => {
    const { dispatcher, published } = setup(() => Promise.resolve());
    const held = heldEvent();
    held.msg.data = Buffer.from('{"repository": 5}');
    await dispatcher.handle(held as unknown as HeldMessage);
    expect(published).toHaveLength(1);
    expect(published[0].subject).toBe('herald.deadletter.events');
    expect(held.ack).toHaveBeenCalled();
    expect(dispatcher.stats.deadLettered).toBe(1);
  });
});
