import { REPO_PUSH_SAMPLE, BUILD_FAILURE_SAMPLE } from '@herald/events';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a repo_push event published on NATS reaches the webhook configured in MongoDB', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let bystander: HttpSink;

  beforeAll(async () => {
    env = await openTestEnvironment('webhook-delivery');
    sink = await HttpSink.start();
    bystander = await HttpSink.start();
    await insertNotification(env.db, {
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${sink.url}/hook` },
    });
    // Same repository, other kind; same kind, other repository: neither may fire for the push.
    await insertNotification(env.db, {
      repository: 'mynamespace/repository',
      event: 'build_failure',
      method: 'webhook',
      config: { url: `${bystander.url}/build` },
    });
    await insertNotification(env.db, {
      repository: 'othernamespace/repository',
      event: 'repo_push',
      method: 'webhook',
      config: { url: `${bystander.url}/other` },
    });
    herald = await startHerald(env.heraldEnv);
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await bystander?.close();
    await env?.close();
  });

  it('POSTs exactly the published JSON once, and nothing to the other notifications', async () => {
    const receipt = await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never);
    const [request] = await sink.waitFor(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(REPO_PUSH_SAMPLE);
    expect(request.headers['x-herald-event']).toBe('repo_push');
    expect(request.headers['x-herald-delivery']).toContain(receipt.eventId);

    // Republishing the same event id is dropped by JetStream, not delivered twice.
    const again = await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never, {
      eventId: receipt.eventId,
    });
    expect(again.duplicate).toBe(true);
    await settle(1500);
    expect(sink.requests).toHaveLength(1);
    expect(bystander.requests).toHaveLength(0);
  });

  it('routes by repository and kind: a build_failure for the repository goes only to its notification', async () => {
    await env.publisher.publish('build_failure', structuredClone(BUILD_FAILURE_SAMPLE) as never);
    const [request] = await bystander.waitFor(1);
    expect(request.path).toBe('/build');
    expect(JSON.parse(request.body)).toEqual(BUILD_FAILURE_SAMPLE);
    await settle(1000);
    expect(bystander.requests).toHaveLength(1);
    expect(sink.requests).toHaveLength(1);
  });

  it("forwards the registry's own JSON text, spacing and unknown fields included", async () => {
    const text = JSON.stringify({ ...REPO_PUSH_SAMPLE, emitter_extra: { n: 1.5 } }, null, 2);
    const js = env.nc.jetstream();
    await js.publish('registry.events.repo_push', new TextEncoder().encode(text), { msgID: 'verbatim-1' });
    const got = await sink.waitFor(2);
    expect(got[1].body).toBe(text);
  });
});
