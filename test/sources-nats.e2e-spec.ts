import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { headers, JsMsg } from 'nats';
import {
  DEAD_LETTER_STREAM,
  EVENTS_STREAM,
  HEADER_DEAD_LETTER_REASON,
  sourceDeadLetterSubject,
} from '@herald/transport';
import { api } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { eventually } from './support/eventually';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { repoAdmin } from './support/jwt.tokens';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const SUBJECT = 'zot.events';
const REPOSITORY = 'team/app';
const DIGEST = 'sha256:9f1c4b3e5a7d2c8b6e0f1a3d5c7b9e2f4a6c8d0e1b3f5a7c9e2d4b6f8a0c1e3d';
const FIXTURES = path.resolve(__dirname, '../plugins/source-cloudevents/test/fixtures');
const HARBOR_SUBJECT = 'harbor.hooks';
const HARBOR_FIXTURES = path.resolve(__dirname, '../plugins/source-harbor/test/fixtures');

/** zot's image.updated as its NATS sink publishes it (structured mode), for one tag. */
function imageUpdated(tag: string): Record<string, unknown> {
  const event = JSON.parse(readFileSync(path.join(FIXTURES, 'image-updated.json'), 'utf8')) as Record<string, unknown>;
  return {
    ...event,
    id: `e2e-${tag}`,
    data: { ...(event.data as object), name: REPOSITORY, reference: tag, digest: DIGEST },
  };
}

function tagsOf(sink: HttpSink): string[] {
  return tagsIn(sink.bodies());
}

function tagsIn(pushes: unknown[]): string[] {
  return pushes.flatMap((b) => Object.keys((b as { updated_tags: Record<string, string> }).updated_tags));
}

describe("registry events straight from a NATS subject: zot's CloudEvents (and Harbor's webhooks)", () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let harborSink: HttpSink;
  let uuid: string;
  const start = () =>
    startHerald({
      ...env.heraldEnv,
      HERALD_SOURCE_CLOUDEVENTS_NATS_SUBJECT: SUBJECT,
      HERALD_SOURCE_CLOUDEVENTS_REGISTRY_HOST: 'zot.example.com:5000',
      // Harbor only POSTs webhooks; read from NATS, its plugin runs inside the built Herald the same way.
      HERALD_SOURCE_HARBOR_NATS_SUBJECT: HARBOR_SUBJECT,
      // Bounds how long a killed process's unacked message waits before JetStream hands it out again.
      HERALD_ACK_WAIT_MS: '3000',
    });
  /** Publishes on plain core NATS, as zot's NATS sink does: nobody acknowledges it but the capturing stream. */
  const publish = async (body: string | Record<string, unknown>, h?: Record<string, string>, subject = SUBJECT) => {
    const msgHeaders = h ? headers() : undefined;
    for (const [k, v] of Object.entries(h ?? {})) msgHeaders?.set(k, v);
    env.nc.publish(subject, typeof body === 'string' ? body : JSON.stringify(body), { headers: msgHeaders });
    await env.nc.flush();
  };

  beforeAll(async () => {
    env = await openTestEnvironment('zot-nats-source');
    sink = await HttpSink.start();
    harborSink = await HttpSink.start();
    herald = await start();
    const notify = async (repository: string, event: string, url: string) => {
      const created = await api(herald.url, 'POST', `/api/v1/repository/${repository}/notification/`, {
        token: await repoAdmin(repository),
        body: { event, method: 'webhook', config: { url } },
      });
      expect(created.status).toBe(201);
      return (created.body as { uuid: string }).uuid;
    };
    uuid = await notify(REPOSITORY, 'repo_push', `${sink.url}/hook`);
    await notify('library/nginx', 'repo_push', `${harborSink.url}/push`);
    await notify('library/nginx', 'vulnerability_found', `${harborSink.url}/vulnerability`);
  });

  afterAll(async () => {
    await herald?.stop('SIGKILL');
    await sink?.close();
    await harborSink?.close();
    await env?.close();
  });

  it('delivers an image pushed by tag as repo_push to the webhook, in structured and in binary mode', async () => {
    const outcome = await deliveryOutcomeOf(env.nc, uuid, () => publish(imageUpdated('v1')), 30_000);
    expect(outcome.status).toBe('delivered');
    expect(JSON.parse(sink.requests[0].body)).toEqual({
      repository: REPOSITORY,
      namespace: 'team',
      name: 'app',
      docker_url: 'zot.example.com:5000/team/app',
      homepage: 'https://zot.example.com:5000/image/team/app',
      updated_tags: { v1: DIGEST },
    });

    const { data } = imageUpdated('v2');
    const binary = {
      'ce-specversion': '1.0',
      'ce-id': 'e2e-binary-v2',
      'ce-source': 'zotregistry.dev',
      'ce-type': 'zotregistry.image.updated',
      'content-type': 'application/json',
    };
    const second = await deliveryOutcomeOf(
      env.nc,
      uuid,
      () => publish(data as Record<string, unknown>, binary),
      30_000,
    );
    expect(second.status).toBe('delivered');
    expect(tagsOf(sink)).toEqual(['v1', 'v2']);
  });

  it('dead-letters a malformed message with its reason and goes on with the next', async () => {
    const before = sink.requests.length;
    await publish('{"specversion": "1.0", "id": ');
    const wrongShape = imageUpdated('v3');
    await publish({ ...wrongShape, data: { name: REPOSITORY, digest: DIGEST } });
    await publish(imageUpdated('v3'));
    await sink.waitFor(before + 1, 30_000);
    expect(tagsOf(sink).slice(before)).toEqual(['v3']);

    const consumer = await env.nc
      .jetstream()
      .consumers.get(DEAD_LETTER_STREAM, { filterSubjects: sourceDeadLetterSubject('cloudevents') });
    const parked: JsMsg[] = [];
    await eventually(async () => {
      const m = await consumer.next({ expires: 1000 });
      if (m) parked.push(m);
      expect(parked).toHaveLength(2);
    });
    expect(parked.map((m) => m.headers?.get(HEADER_DEAD_LETTER_REASON))).toEqual([
      expect.stringMatching(/not valid JSON/),
      expect.stringMatching(/data\.reference must be a non-empty string/),
    ]);
    expect(parked[0].string()).toBe('{"specversion": "1.0", "id": ');
  });

  it("runs Harbor's webhooks through the same path: a push and a scan with findings delivered, a failed scan skipped", async () => {
    const hook = (name: string) => readFileSync(path.join(HARBOR_FIXTURES, `${name}.json`), 'utf8');
    for (const name of ['scanning-failed', 'push-artifact', 'scanning-completed']) {
      await publish(hook(name), undefined, HARBOR_SUBJECT);
    }
    await harborSink.waitFor(2, 30_000);
    const byPath = Object.fromEntries(harborSink.requests.map((r) => [r.path, JSON.parse(r.body) as unknown]));
    expect(byPath['/push']).toMatchObject({
      repository: 'library/nginx',
      docker_url: 'harbor.example.com/library/nginx',
      updated_tags: { 'v1.25': expect.stringMatching(/^sha256:/) },
    });
    expect(byPath['/vulnerability']).toMatchObject({
      repository: 'library/nginx',
      tags: ['v1.25'],
      vulnerability: { priority: 'Critical', total: 26 },
    });
    expect(harborSink.requests).toHaveLength(2);
    // Counted in the HTTP ingest's metrics: one message at a time, so the failed scan (first) was read by now.
    const samples = parsePrometheusText(await (await fetch(`${herald.url}/metrics`)).text());
    expect(valueOf(samples, 'herald_source_events_skipped_total', { source: 'harbor', type: 'SCANNING_FAILED' })).toBe(
      1,
    );
    for (const kind of ['repo_push', 'vulnerability_found']) {
      expect(valueOf(samples, 'herald_source_events_total', { source: 'harbor', kind, outcome: 'published' })).toBe(1);
    }
  });

  it('loses and duplicates nothing published on the subject while Herald is down (killed)', async () => {
    await herald.stop('SIGKILL');
    const whileDown = ['d1', 'd2', 'd3', 'd4', 'd5'];
    for (const tag of whileDown) await publish(imageUpdated(tag));
    herald = await start();
    await sink.waitFor(3 + whileDown.length, 30_000);

    // Everything consumed and acked, then a last event: in its lane it comes after any duplicate of an earlier one.
    const jsm = await env.nc.jetstreamManager();
    await eventually(async () => {
      const info = await jsm.consumers.info('HERALD_SOURCE_CLOUDEVENTS', 'herald-source-cloudevents');
      expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
    });
    await publish(imageUpdated('after'));
    await sink.waitFor(3 + whileDown.length + 1, 30_000);
    // Each exactly once, in publish order (a delivery cut off by the kill may be repeated by the engine: not these).
    const fresh = [...whileDown, 'after'];
    expect(tagsOf(sink).filter((t) => fresh.includes(t))).toEqual(fresh);
  });

  it('a kill -9 while messages are being translated still puts each event on the events stream once', async () => {
    const before = sink.requests.length;
    const tags = Array.from({ length: 30 }, (_, i) => `k${i}`);
    for (const [i, tag] of tags.entries()) {
      if (i === 15) await herald.stop('SIGKILL');
      await publish(imageUpdated(tag));
    }
    herald = await start();
    // Every tag reaches the webhook (the delivery engine may repeat a delivery cut off by the kill: at least once).
    await eventually(
      () => {
        const got = new Set(tagsIn(sink.bodies().slice(before)));
        expect(tags.filter((t) => !got.has(t))).toEqual([]);
      },
      60_000,
      200,
    );
    const jsm = await env.nc.jetstreamManager();
    await eventually(async () => {
      const info = await jsm.consumers.info('HERALD_SOURCE_CLOUDEVENTS', 'herald-source-cloudevents');
      expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
    });
    // What the source consumer owes: a redelivered message publishes nothing twice (its Nats-Msg-Id is the event id),
    // and nothing acked before either kill (v1..v3, d1..d5, after) was published again.
    const stored = await env.nc
      .jetstream()
      .consumers.get(EVENTS_STREAM, { filterSubjects: 'registry.events.repo_push' });
    const pushes: { repository: string }[] = [];
    for (let m = await stored.next({ expires: 2000 }); m; m = await stored.next({ expires: 2000 })) {
      const push = m.json<{ repository: string }>();
      if (push.repository === REPOSITORY) pushes.push(push);
    }
    const counts = new Map<string, number>();
    for (const tag of tagsIn(pushes)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    expect(tags.filter((t) => counts.get(t) !== 1)).toEqual([]);
    expect(pushes).toHaveLength(3 + 5 + 1 + tags.length);
  }, 120_000);
});
