import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { api } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor, repoAdmin } from './support/jwt.tokens';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { createPublishToken, postToSource } from './support/source-ingest';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const HARBOR_FIXTURES = path.resolve(__dirname, '../plugins/source-harbor/test/fixtures');
const ZOT_FIXTURES = path.resolve(__dirname, '../plugins/source-cloudevents/test/fixtures');
const harborFixture = (name: string) => readFileSync(path.join(HARBOR_FIXTURES, `${name}.json`), 'utf8');
const zotFixture = (name: string) => readFileSync(path.join(ZOT_FIXTURES, `${name}.json`), 'utf8');
const HARBOR_REPO = 'library/nginx';
const ZOT_REPO = 'team/app';

/**
 * Harbor's webhooks and zot's CloudEvents through the HTTP ingest endpoint of the built Herald, with a publish token, to
 * webhook notifications on real NATS and FerretDB: the registries' documented payloads (the plugins' fixtures) reach
 * the receiver as catalogue events, and what maps to nothing is a 2xx with the reasons, counted in the metrics.
 */
describe('Harbor and CloudEvents sources through POST /api/v1/sources/{source}/events', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let token: string;
  const notifications: Record<string, string> = {};

  beforeAll(async () => {
    env = await openTestEnvironment('source-ingest-harbor-cloudevents');
    sink = await HttpSink.start();
    // The default aggregation window: Harbor's and zot's pushes are staged and merged as distribution's are.
    herald = await startHerald({ ...env.heraldEnv, HERALD_SOURCE_CLOUDEVENTS_REGISTRY_HOST: 'zot.example.com:5000' });
    token = await createPublishToken(herald.url, await jwtFor('root', [], { superuser: true }), '*');
    const notify = async (repository: string, event: string, hook: string) => {
      const created = await api(herald.url, 'POST', `/api/v1/repository/${repository}/notification/`, {
        token: await repoAdmin(repository),
        body: { event, method: 'webhook', config: { url: `${sink.url}/${hook}` }, eventConfig: {}, title: hook },
      });
      expect(created.status).toBe(201);
      notifications[hook] = (created.body as { uuid: string }).uuid;
    };
    await notify(HARBOR_REPO, 'repo_push', 'harbor-push');
    await notify(HARBOR_REPO, 'vulnerability_found', 'harbor-vulnerability');
    await notify(ZOT_REPO, 'repo_push', 'zot-push');
  }, 120_000);

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  const received = (hook: string) =>
    sink.requests.filter((r) => r.path === `/${hook}`).map((r) => JSON.parse(r.body) as Record<string, unknown>);

  it("lists Harbor's and the CloudEvents media types on the ingest route of the OpenAPI document", async () => {
    const doc = (await (await fetch(`${herald.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }>;
    };
    expect(Object.keys(doc.paths['/api/v1/sources/{source}/events'].post?.requestBody?.content ?? {})).toEqual(
      expect.arrayContaining([
        'application/json',
        'application/cloudevents+json',
        'application/cloudevents-batch+json',
        'application/vnd.docker.distribution.events.v1+json',
      ]),
    );
  });

  /** Posts a registry's body, expects its 202 answer, and returns what the notification's webhook received. */
  const deliver = async (hook: string, source: string, body: string, type: string, answer: object) => {
    const outcome = await deliveryOutcomeOf(
      env.nc,
      notifications[hook],
      async () => expect(await postToSource(herald.url, source, token, body, type)).toMatchObject(answer),
      60_000,
    );
    expect(outcome.status).toBe('delivered');
    return received(hook);
  };

  it("delivers Harbor's PUSH_ARTIFACT as repo_push", async () => {
    const answer = { status: 202, body: { source: 'harbor', merged: 1, skipped: 0 } };
    expect(await deliver('harbor-push', 'harbor', harborFixture('push-artifact'), 'application/json', answer)).toEqual([
      expect.objectContaining({
        repository: HARBOR_REPO,
        namespace: 'library',
        name: 'nginx',
        docker_url: `harbor.example.com/${HARBOR_REPO}`,
        updated_tags: { 'v1.25': expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      }),
    ]);
  }, 90_000);

  it("delivers Harbor's SCANNING_COMPLETED with findings as vulnerability_found, by its most severe level", async () => {
    const answer = { status: 202, body: { source: 'harbor', published: 1, skipped: 0 } };
    const body = harborFixture('scanning-completed');
    expect(await deliver('harbor-vulnerability', 'harbor', body, 'application/json', answer)).toEqual([
      expect.objectContaining({
        repository: HARBOR_REPO,
        vulnerability: expect.objectContaining({ priority: 'Critical', has_fix: true }),
      }),
    ]);
  }, 90_000);

  it('delivers a structured CloudEvent from zot as repo_push', async () => {
    const answer = { status: 202, body: { source: 'cloudevents', merged: 1, skipped: 0 } };
    const body = zotFixture('image-updated');
    expect(await deliver('zot-push', 'cloudevents', body, 'application/cloudevents+json', answer)).toEqual([
      expect.objectContaining({
        repository: ZOT_REPO,
        docker_url: `zot.example.com:5000/${ZOT_REPO}`,
        updated_tags: { 'v1.2.0': expect.stringMatching(/^sha256:/) },
      }),
    ]);
  }, 90_000);

  it('answers 2xx to types neither maps, with the reasons, counted by source and type', async () => {
    const pull = await postToSource(herald.url, 'harbor', token, harborFixture('pull-artifact'), 'application/json');
    expect(pull).toMatchObject({
      status: 202,
      body: { published: 0, merged: 0, skipped: 1, skips: [{ type: 'PULL_ARTIFACT', reason: expect.any(String) }] },
    });
    const failed = await postToSource(
      herald.url,
      'harbor',
      token,
      harborFixture('scanning-failed'),
      'application/json',
    );
    expect(failed).toMatchObject({
      status: 202,
      body: { skipped: 1, skips: [{ type: 'SCANNING_FAILED', reason: 'scan failed' }] },
    });
    const created = await postToSource(
      herald.url,
      'cloudevents',
      token,
      zotFixture('repository-created'),
      'application/cloudevents+json',
    );
    expect(created).toMatchObject({
      status: 202,
      body: {
        published: 0,
        merged: 0,
        skipped: 1,
        skips: [{ type: 'zotregistry.repository.created', reason: expect.stringMatching(/image\.updated/) }],
      },
    });
    const samples = parsePrometheusText(await (await fetch(`${herald.url}/metrics`)).text());
    for (const [source, type] of [
      ['harbor', 'PULL_ARTIFACT'],
      ['harbor', 'SCANNING_FAILED'],
      ['cloudevents', 'zotregistry.repository.created'],
    ]) {
      expect(valueOf(samples, 'herald_source_events_skipped_total', { source, type })).toBe(1);
    }
  });

  it("refuses a body that is not the registry's with 400 and the reason", async () => {
    expect(
      await postToSource(herald.url, 'harbor', token, '{"type": "PUSH_ARTIFACT"}', 'application/json'),
    ).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^harbor: /) } });
    expect(
      await postToSource(herald.url, 'cloudevents', token, '{"specversion": "0.3"}', 'application/cloudevents+json'),
    ).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^cloudevents: /) } });
  });
});
