import type { JsMsg } from 'nats';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { DEFAULT_CORE_SETTINGS } from '../core-settings';
import { EventDispatcher } from './event-dispatcher.service';

function eventMessage() {
  return {
    subject: 'registry.events.repo_push',
    data: Buffer.from(JSON.stringify(REPO_PUSH_SAMPLE)),
    seq: 7,
    headers: { get: () => 'evt-1' },
    info: { redeliveryCount: 1, stream: 'REGISTRY_EVENTS' },
    ack: jest.fn(),
  };
}

function setup(dispatch: (uuid: string) => Promise<'direct' | 'queued'>) {
  const targets = [{ uuid: 'n-1' }, { uuid: 'n-2' }];
  const index = { match: () => targets };
  const actors = { dispatch: jest.fn((d: { notification: { uuid: string } }) => dispatch(d.notification.uuid)) };
  const dispatcher = new EventDispatcher({} as never, index as never, actors as never, DEFAULT_CORE_SETTINGS);
  return { dispatcher, actors };
}

describe('EventDispatcher.handle', () => {
  it('acks once every first attempt is concluded or queued, and counts how each went', async () => {
    const { dispatcher, actors } = setup((uuid) => Promise.resolve(uuid === 'n-1' ? 'direct' : 'queued'));
    const msg = eventMessage();
    await dispatcher.handle(msg as unknown as JsMsg);
    expect(actors.dispatch).toHaveBeenCalledTimes(2);
    expect(msg.ack).toHaveBeenCalled();
    expect(dispatcher.stats).toMatchObject({ events: 1, deliveriesDirect: 1, deliveriesQueued: 1 });
  });

  it('when one hand-over fails, waits for the others before failing, and does not ack', async () => {
    let finishSlow!: () => void;
    const slow = new Promise<'direct'>((resolve) => (finishSlow = () => resolve('direct')));
    const { dispatcher } = setup((uuid) => (uuid === 'n-1' ? Promise.reject(new Error('history down')) : slow));
    const msg = eventMessage();
    let settled = false;
    const handled = dispatcher.handle(msg as unknown as JsMsg).finally(() => (settled = true));
    handled.catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    // n-1 failed at once, but n-2's attempt is still running: the event must not go back yet.
    expect(settled).toBe(false);
    finishSlow();
    await expect(handled).rejects.toThrow('history down');
    expect(msg.ack).not.toHaveBeenCalled();
    expect(dispatcher.stats.events).toBe(0);
  });
});
