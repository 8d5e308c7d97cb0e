import { Logger } from '@nestjs/common';
import type { NatsClient } from '@herald/transport';
import { DEFAULT_CORE_SETTINGS } from '../core-settings';
import type { DomainEventPublisher } from '../domain-events/domain-event.publisher';
import type { NotificationRepository } from '../notification/notification.repository';
import type { Notification } from '../notification/notification.schema';
import type { ConfigSecrets } from '../secrets/config-secrets.service';
import { RoutingIndex } from './routing-index.service';

const doc = (uuid: string, repository = 'ns/repo', failures = 0): Notification =>
  ({
    _id: uuid,
    uuid,
    repository,
    namespace: 'ns',
    event: 'repo_push',
    method: 'webhook',
    config: {},
    event_config: {},
    title: null,
    number_of_failures: failures,
  }) as Notification;

/** A database and a domain stream in memory: what RoutingIndex reads, counted. */
class World {
  readonly docs = new Map<string, Notification>();
  /** Stream messages by sequence (1-based); a hole is a deleted message. */
  readonly messages: ({ name: string; uuid: string } | undefined)[] = [];
  firstSeq = 1;
  fullReads = 0;
  reads: string[] = [];
  streamDown = false;

  publish(name: string, uuid: string): void {
    this.messages.push({ name, uuid });
  }

  repository(): NotificationRepository {
    return {
      findByUuid: async (uuid: string) => {
        this.reads.push(uuid);
        return this.docs.get(uuid) ?? null;
      },
      all: () => {
        this.fullReads++;
        return (async function* (docs: Notification[]) {
          yield docs;
        })([...this.docs.values()]);
      },
    } as unknown as NotificationRepository;
  }

  nats(): NatsClient {
    const info = async () => {
      if (this.streamDown) throw new Error('no responders');
      return { state: { first_seq: this.firstSeq, last_seq: this.messages.length } };
    };
    const get = async (_stream: string, opts: { opt_start_seq: number }) => {
      let next = opts.opt_start_seq;
      return {
        fetch: async ({ max_messages }: { max_messages: number }) => {
          const out = [];
          while (out.length < max_messages && next <= this.messages.length) {
            const m = this.messages[next - 1];
            const seq = next++;
            if (m) out.push({ seq, json: () => m });
          }
          return (async function* () {
            yield* out;
          })();
        },
        delete: async () => true,
      };
    };
    return { jsm: { streams: { info } }, js: { consumers: { get } } } as unknown as NatsClient;
  }
}

function indexOn(world: World, settings: Partial<typeof DEFAULT_CORE_SETTINGS> = {}): RoutingIndex {
  const secrets = { open: (c: Record<string, unknown>) => c } as unknown as ConfigSecrets;
  const domainEvents = { register: () => undefined } as unknown as DomainEventPublisher;
  return new RoutingIndex(world.repository(), world.nats(), secrets, domainEvents, {
    ...DEFAULT_CORE_SETTINGS,
    // The snapshot on NATS has its own spec and e2e test; here the index reads the database.
    indexSnapshot: false,
    ...settings,
  });
}

describe('RoutingIndex resync', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

  it('re-reads only the notifications the missed stream messages name, whatever the notification count', async () => {
    const world = new World();
    for (let i = 0; i < 1000; i++) world.docs.set(`n${i}`, doc(`n${i}`));
    world.publish('notification.created', 'n0');
    const index = indexOn(world);
    await index.whenReady();
    expect(index.size).toBe(1000);

    // Changes the index never heard of (its subscription was away): a create, a disable, a delete, a test.
    world.docs.set('new', doc('new'));
    world.publish('notification.created', 'new');
    world.docs.set('n1', doc('n1', 'ns/repo', DEFAULT_CORE_SETTINGS.failureThreshold));
    world.publish('notification.disabled', 'n1');
    world.docs.delete('n2');
    world.publish('notification.deleted', 'n2');
    world.publish('notification.tested', 'n3');
    world.reads = [];

    expect(await index.resync()).toEqual({ kind: 'catch-up', from: 2, to: 5 });
    expect(world.reads.sort()).toEqual(['n1', 'n2', 'new']);
    expect(world.fullReads).toBe(1);
    expect(index.has('new')).toBe(true);
    expect(index.isDisabled('n1')).toBe(true);
    expect(index.has('n2')).toBe(false);

    // Nothing new: nothing read at all.
    world.reads = [];
    expect(await index.resync()).toEqual({ kind: 'none' });
    expect(world.reads).toEqual([]);
    expect(world.fullReads).toBe(1);
  });

  it('rebuilds when the messages it has not seen are gone from the stream', async () => {
    const world = new World();
    world.docs.set('a', doc('a'));
    const index = indexOn(world);
    await index.whenReady();
    world.docs.set('b', doc('b'));
    world.publish('notification.created', 'b');
    world.publish('notification.created', 'c');
    world.firstSeq = 2; // the first unseen message aged out
    expect(await index.resync()).toMatchObject({ kind: 'rebuild' });
    expect(world.fullReads).toBe(2);
    expect(index.has('b')).toBe(true);
  });

  it('rebuilds when a catch-up cannot read its whole range', async () => {
    const world = new World();
    const index = indexOn(world);
    await index.whenReady();
    world.docs.set('b', doc('b'));
    world.publish('notification.created', 'b');
    world.publish('notification.created', 'b');
    world.messages[1] = undefined; // deleted from the middle of the stream: the range has a hole at its end
    const step = await index.resync();
    expect(step).toMatchObject({ kind: 'rebuild', reason: expect.stringMatching(/catch-up failed/) });
    expect(world.fullReads).toBe(2);
    expect(index.has('b')).toBe(true);
  }, 20_000);

  it('rebuilds rather than re-reading more notifications than the limit', async () => {
    const world = new World();
    const index = indexOn(world);
    index.maxRereads = 2;
    await index.whenReady();
    for (const uuid of ['a', 'b', 'c']) {
      world.docs.set(uuid, doc(uuid));
      world.publish('notification.created', uuid);
    }
    world.reads = [];
    expect(await index.resync()).toMatchObject({ kind: 'rebuild', reason: expect.stringMatching(/3 notifications/) });
    expect(world.reads).toEqual([]);
    expect(world.fullReads).toBe(2);
    expect(index.size).toBe(3);
  });

  it('waits while the stream is out of reach, then catches up on what it missed', async () => {
    const world = new World();
    const index = indexOn(world);
    await index.whenReady();
    world.streamDown = true;
    world.docs.set('b', doc('b'));
    world.publish('notification.created', 'b');
    expect(await index.resync()).toEqual({ kind: 'none' });
    expect(index.has('b')).toBe(false);
    world.streamDown = false;
    expect(await index.resync()).toEqual({ kind: 'catch-up', from: 1, to: 1 });
    expect(index.has('b')).toBe(true);
    expect(world.fullReads).toBe(1);
  });

  it('rebuilds in full once the rebuild period is up', async () => {
    const world = new World();
    const index = indexOn(world, { indexRebuildMs: 1000 });
    await index.whenReady();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 1000);
    try {
      expect(await index.resync()).toEqual({ kind: 'rebuild', reason: 'periodic' });
    } finally {
      clock.mockRestore();
    }
    expect(world.fullReads).toBe(2);
  });
});
