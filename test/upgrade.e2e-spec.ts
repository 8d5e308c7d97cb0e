import { AckPolicy, DeliverPolicy, nanos, RetentionPolicy, StorageType } from 'nats';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import {
  DEFAULT_STREAM_SETTINGS,
  DELIVERIES_STREAM,
  EVENTS_STREAM,
  heraldStreams,
  LEGACY_DISPATCHER_DURABLE,
} from '@herald/transport';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/** What an older Herald (before lanes) leaves behind: its dispatcher's progress and its queued delivery messages. */
describe('upgrading from a Herald before lanes', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess | undefined;
  let sink: HttpSink;

  beforeAll(async () => {
    env = await openTestEnvironment('upgrade');
    sink = await HttpSink.start();
  });

  afterAll(async () => {
    await herald?.stop('SIGKILL');
    await sink?.close();
    await env?.close();
  });

  it('resumes where the old dispatcher left off and moves its queued deliveries into lanes', async () => {
    const repository = 'upgrade/app';
    const uuid = await insertNotification(env.db, {
      repository,
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${sink.url}/hook` },
    });
    const jsm = await env.nc.jetstreamManager();
    const js = env.nc.jetstream();
    const events = heraldStreams(DEFAULT_STREAM_SETTINGS).find((s) => s.name === EVENTS_STREAM)!;
    await jsm.streams.add(events);
    await jsm.streams.add({
      name: DELIVERIES_STREAM,
      subjects: ['herald.deliveries.>'],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
    });
    const event = (marker: string) => ({ ...structuredClone(REPO_PUSH_SAMPLE), repository, marker });

    // The old dispatcher handled "old" (acked it); "new" came after it.
    await env.publisher.publish('repo_push', event('old') as never, { eventId: 'old' } as never);
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: LEGACY_DISPATCHER_DURABLE,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
    });
    const old = await (await js.consumers.get(EVENTS_STREAM, LEGACY_DISPATCHER_DURABLE)).next({ expires: 5000 });
    await old!.ackAck();
    await env.publisher.publish('repo_push', event('new') as never, { eventId: 'new' } as never);

    // A retry it had queued, in its own message format (the payload as an object).
    await jsm.consumers.add(DELIVERIES_STREAM, {
      durable_name: 'herald-action-webhook',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'herald.deliveries.webhook',
    });
    const queued = {
      deliveryId: `queued:${uuid}`,
      eventId: 'queued',
      event: 'repo_push',
      payload: event('queued'),
      notification: {
        uuid,
        repository,
        event: 'repo_push',
        method: 'webhook',
        config: {},
        event_config: {},
        title: null,
      },
      attempt: 2,
      chain: `queued:${uuid}`,
      test: false,
    };
    await js.publish('herald.deliveries.webhook', Buffer.from(JSON.stringify(queued)), { msgID: `queued:${uuid}#2` });

    herald = await startHerald(env.heraldEnv);
    const requests = await sink.waitFor(2, 30_000);
    const markers = requests.map((r) => (JSON.parse(r.body) as { marker: string }).marker).sort();
    expect(markers).toEqual(['new', 'queued']);
    await expect(jsm.consumers.info(EVENTS_STREAM, LEGACY_DISPATCHER_DURABLE)).rejects.toThrow();
    expect((await jsm.streams.info(DELIVERIES_STREAM)).state.messages).toBe(0);
  });
});
