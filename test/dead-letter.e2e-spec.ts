import { JsMsg } from 'nats';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import {
  DEAD_LETTER_STREAM,
  HEADER_DEAD_LETTER_REASON,
  HEADER_ORIGINAL_MSG_ID,
  HEADER_ORIGINAL_SUBJECT,
} from '@herald/transport';
import { InvalidEventError } from '@herald/publisher';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const malformed: { subject: string; body: string; reason: RegExp }[] = [
  { subject: 'registry.events.repo_push', body: '{"repository": "mynamespace/repository",', reason: /not valid JSON/ },
  { subject: 'registry.events.repo_exploded', body: JSON.stringify(REPO_PUSH_SAMPLE), reason: /repo_exploded/ },
  {
    subject: 'registry.events.repo_push',
    body: JSON.stringify({ ...REPO_PUSH_SAMPLE, updated_tags: undefined }),
    reason: /updated_tags/,
  },
  { subject: 'registry.events.build_failure', body: '[1, 2, 3]', reason: /JSON object/ },
  {
    subject: 'registry.events.vulnerability_found',
    body: JSON.stringify({ ...REPO_PUSH_SAMPLE, tags: ['latest'], vulnerability: { id: 'CVE-1', priority: 5 } }),
    reason: /vulnerability\.priority/,
  },
];

async function readDeadLetters(env: TestEnvironment, count: number): Promise<JsMsg[]> {
  const js = env.nc.jetstream();
  const consumer = await js.consumers.get(DEAD_LETTER_STREAM);
  const out: JsMsg[] = [];
  const deadline = Date.now() + 15_000;
  while (out.length < count && Date.now() < deadline) {
    const m = await consumer.next({ expires: 1000 });
    if (m) out.push(m);
  }
  return out;
}

describe('malformed events go to the dead-letter subject and never stop the consumer', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;

  beforeAll(async () => {
    env = await openTestEnvironment('dead-letter');
    sink = await HttpSink.start();
    await insertNotification(env.db, {
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: 'webhook',
      config: { url: sink.url },
    });
    herald = await startHerald(env.heraldEnv);
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  it('parks five bad messages with their reasons and original bytes, and delivers the good one', async () => {
    const js = env.nc.jetstream();
    for (const [i, m] of malformed.entries()) {
      await js.publish(m.subject, Buffer.from(m.body), { msgID: `bad-${i}` });
    }
    await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, { eventId: 'good-1' });

    const [good] = await sink.waitFor(1);
    expect(JSON.parse(good.body)).toEqual(REPO_PUSH_SAMPLE);

    const parked = await readDeadLetters(env, malformed.length);
    expect(parked).toHaveLength(malformed.length);
    const byId = new Map(parked.map((p) => [p.headers?.get(HEADER_ORIGINAL_MSG_ID), p]));
    for (const [i, m] of malformed.entries()) {
      const p = byId.get(`bad-${i}`);
      expect(p).toBeDefined();
      expect(Buffer.from(p!.data).toString()).toBe(m.body);
      expect(p!.headers?.get(HEADER_ORIGINAL_SUBJECT)).toBe(m.subject);
      expect(p!.headers?.get(HEADER_DEAD_LETTER_REASON)).toMatch(m.reason);
    }

    const health = await fetch(`${herald.url}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { checks: { dispatcher: { deadLettered: number; status: string } } };
    expect(body.checks.dispatcher).toMatchObject({ status: 'up', deadLettered: malformed.length });
    // Logged once each, not once per redelivery.
    await herald.waitForLog(new RegExp(`(dead-lettered[\\s\\S]*){${malformed.length}}`));
    expect(herald.logs().match(/dead-lettered/g)).toHaveLength(malformed.length);
    expect(sink.requests).toHaveLength(1);
  });

  it('the registry publisher refuses an invalid event before it reaches NATS, naming the field', async () => {
    const before = (await env.nc.jetstreamManager()).streams.info('REGISTRY_EVENTS');
    const { state } = await before;
    const attempt = env.publisher.publish('repo_push', { ...REPO_PUSH_SAMPLE, updated_tags: 42 } as never);
    await expect(attempt).rejects.toBeInstanceOf(InvalidEventError);
    await expect(attempt).rejects.toThrow(/updated_tags/);
    const after = await (await env.nc.jetstreamManager()).streams.info('REGISTRY_EVENTS');
    expect(after.state.messages).toBe(state.messages);
  });
});
