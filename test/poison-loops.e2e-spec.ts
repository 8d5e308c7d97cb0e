import { randomUUID } from 'node:crypto';
import { JsMsg } from 'nats';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import {
  DEAD_LETTER_DELIVERIES_SUBJECT,
  DEAD_LETTER_EVENTS_SUBJECT,
  DEAD_LETTER_STREAM,
  LANES_STREAM,
  laneSubject,
  HEADER_DEAD_LETTER_REASON,
} from '@herald/transport';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const PLUGINS = '@herald/plugin-webhook,./test/fixtures/plugins/killer-plugin';
const MAX_DELIVER = 3;

/**
 * A message whose handling takes the whole process down can never be parked by its handler. JetStream's max_deliver
 * (events) and Herald's count of starts (delivery messages) stop the loop: after a bounded number of crashes the message
 * is a dead letter, and the Herald that comes back delivers everything else.
 */
describe('a message that crashes Herald on every try', () => {
  let env: TestEnvironment;
  let sink: HttpSink;
  let herald: HeraldProcess | undefined;
  let killerUuid: string;

  const heraldEnv = () => ({
    ...env.heraldEnv,
    HERALD_PLUGINS: PLUGINS,
    HERALD_ACK_WAIT_MS: '1000',
    HERALD_LANE_ACK_WAIT_MS: '1000',
    HERALD_LANE_PIN_TTL_MS: '1000',
    HERALD_MAX_DELIVER: String(MAX_DELIVER),
  });

  /** Restarts Herald each time it dies (while starting or after) until `done` holds; returns how often it died. */
  async function superviseUntil(done: () => Promise<boolean>, timeoutMs = 40_000): Promise<number> {
    let crashes = 0;
    let lastLogs = '';
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) {
        const starts = await env.db.collection('delivery_starts').find().toArray();
        const jsm = await env.nc.jetstreamManager();
        const consumers = [];
        for await (const c of jsm.consumers.list(LANES_STREAM)) consumers.push(c);
        throw new Error(
          `not done after ${crashes} crashes; starts ${JSON.stringify(starts)}; consumers ${JSON.stringify(consumers.map((c) => ({ n: c.name, d: c.delivered, r: c.num_redelivered, p: c.num_pending, a: c.num_ack_pending })))}; last logs:\n${lastLogs
            .split('\n')
            .filter((l) => !/Mapped|RoutesResolver|InstanceLoader/.test(l))
            .join('\n')}`,
        );
      }
      if (!herald) {
        herald = await startHerald(heraldEnv()).catch((err: Error) => {
          lastLogs = err.message.slice(-3000);
          crashes++;
          return undefined;
        });
        continue;
      }
      // Either it dies, or the check above runs again a little later.
      const exited = await Promise.race([herald.exited.then(() => true), settle(500)]);
      if (exited) {
        lastLogs = herald.logs().slice(-3000);
        crashes++;
        herald = undefined;
      }
    }
    return crashes;
  }

  const settle = (ms: number) => new Promise<false>((r) => setTimeout(() => r(false), ms));

  async function deadLetters(subject: string): Promise<JsMsg[]> {
    const jsm = await env.nc.jetstreamManager();
    const info = await jsm.streams.info(DEAD_LETTER_STREAM).catch(() => undefined);
    if (!info || info.state.messages === 0) return [];
    const consumer = await env.nc.jetstream().consumers.get(DEAD_LETTER_STREAM);
    const out: JsMsg[] = [];
    for (let i = 0; i < info.state.messages; i++) {
      const m = await consumer.next({ expires: 1000 });
      if (!m) break;
      if (m.subject === subject) out.push(m);
    }
    return out;
  }

  // A fresh NATS and database per test: each counts only the crashes its own message causes.
  beforeEach(async () => {
    env = await openTestEnvironment('poison-loops');
    sink = await HttpSink.start();
    killerUuid = await insertNotification(env.db, {
      repository: 'poison/repository',
      event: 'repo_push',
      method: 'killer',
      config: {},
    });
    await insertNotification(env.db, {
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: 'webhook',
      config: { url: sink.url },
    });
    herald = await startHerald(heraldEnv());
  });

  afterEach(async () => {
    await herald?.stop('SIGKILL');
    herald = undefined;
    await sink?.close();
    await env?.close();
  });

  it('an event whose delivery crashes Herald every time: its delivery is parked, the event is not, the next are delivered', async () => {
    const eventId = `poison-${randomUUID()}`;
    await env.publisher.publish(
      'repo_push',
      { ...structuredClone(REPO_PUSH_SAMPLE), repository: 'poison/repository' },
      {
        eventId,
      } as never,
    );
    let parked: JsMsg[] = [];
    const crashes = await superviseUntil(async () => {
      parked = await deadLetters(DEAD_LETTER_DELIVERIES_SUBJECT);
      return parked.length > 0;
    });
    expect(crashes).toBeGreaterThanOrEqual(MAX_DELIVER - 1);
    expect(crashes).toBeLessThanOrEqual(2 * MAX_DELIVER);
    expect(JSON.parse(Buffer.from(parked[0].data).toString())).toMatchObject({ eventId });
    expect(parked[0].headers?.get(HEADER_DEAD_LETTER_REASON)).toMatch(/started 3 times without concluding/);
    // The event itself went into its lanes at once and was acked: it is no dead letter.
    expect(await deadLetters(DEAD_LETTER_EVENTS_SUBJECT)).toHaveLength(0);

    const jsm = await env.nc.jetstreamManager();
    await superviseUntil(async () => !!herald && (await jsm.streams.info(LANES_STREAM)).state.messages === 0);
    await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, { eventId: 'after-poison' });
    const [req] = await sink.waitFor(1, 20_000);
    expect(req.headers['x-herald-delivery']).toMatch(/^after-poison:/);
  });

  it('parks a delivery message after as many crashing starts, recorded as a final failure', async () => {
    const deliveryId = `poison-delivery-${randomUUID()}`;
    const message = {
      deliveryId,
      eventId: deliveryId,
      event: 'repo_push',
      payload: { ...REPO_PUSH_SAMPLE, repository: 'poison/repository' },
      notification: {
        uuid: killerUuid,
        repository: 'poison/repository',
        event: 'repo_push',
        method: 'killer',
        config: {},
        event_config: {},
        title: null,
      },
      attempt: 1,
      chain: deliveryId,
      test: false,
    };
    await env.nc.jetstream().publish(laneSubject('killer', killerUuid), Buffer.from(JSON.stringify(message)), {
      msgID: `${deliveryId}#1`,
    });
    let parked: JsMsg[] = [];
    const crashes = await superviseUntil(async () => {
      parked = await deadLetters(DEAD_LETTER_DELIVERIES_SUBJECT);
      return parked.length > 0;
    });
    // Bounded: the first start (fresh, not counted) and the counted ones; a restart may also die while starting, of a
    // copy JetStream redelivered to it before it was healthy, so the count of deaths is bounded, not exact.
    expect(crashes).toBeGreaterThanOrEqual(MAX_DELIVER);
    expect(crashes).toBeLessThanOrEqual(2 * MAX_DELIVER);
    const starts = await env.db.collection('delivery_starts').findOne({ _id: `${deliveryId}#1` as never });
    expect(starts?.starts).toBe(MAX_DELIVER);
    expect(JSON.parse(Buffer.from(parked[0].data).toString())).toMatchObject({ deliveryId });
    expect(parked[0].headers?.get(HEADER_DEAD_LETTER_REASON)).toMatch(/started 3 times without concluding/);
    const records = await env.db
      .collection('delivery_records')
      .find({ delivery_id: deliveryId, status: 'failed' })
      .toArray();
    expect(records).toHaveLength(1);
    expect(String(records[0].detail)).toMatch(/"error_class":"poison"/);
  });
});
