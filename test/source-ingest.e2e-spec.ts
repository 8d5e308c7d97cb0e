import { DEAD_LETTER_STREAM, HEADER_DEAD_LETTER_REASON, HEADER_ORIGINAL_MSG_ID } from '@herald/transport';
import { api } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor, repoAdmin } from './support/jwt.tokens';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { createPublishToken, distributionEvent, postToSource } from './support/source-ingest';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/**
 * The ingest endpoint through the built Herald, real NATS and FerretDB: who may post, what it refuses and why, and a
 * distribution envelope delivered to a webhook once, however often the registry retries it. Merging is off here
 * (window 0); test/source-distribution-registry.e2e-spec.ts covers it with a real registry.
 */
describe('POST /api/v1/sources/{source}/events', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let superuser: string;
  let publishToken: string;
  let uuid: string;
  const REPO = 'ingest/app';

  beforeAll(async () => {
    env = await openTestEnvironment('source-ingest');
    sink = await HttpSink.start();
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_SOURCE_AGGREGATION_WINDOW_MS: '0',
      HERALD_SOURCE_DISTRIBUTION_REGISTRY_HOST: 'registry.example.com',
      HERALD_API_MAX_BODY_BYTES: '65536',
    });
    superuser = await jwtFor('root', [], { superuser: true });
    publishToken = await createPublishToken(herald.url, superuser, 'distribution');
    const created = await api(herald.url, 'POST', `/api/v1/repository/${REPO}/notification/`, {
      token: await repoAdmin(REPO),
      body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/hook` }, eventConfig: {}, title: 'i' },
    });
    expect(created.status).toBe(201);
    uuid = (created.body as { uuid: string }).uuid;
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  const envelope = (...events: unknown[]) => ({ events });

  it('lists the loaded sources (distribution, Harbor, CloudEvents) with their endpoints, by name', async () => {
    const res = await api(herald.url, 'GET', '/api/v1/sources', { token: superuser });
    expect(res.status).toBe(200);
    const source = (name: string, mediaTypes: string[]) => ({
      name,
      endpoint: `/api/v1/sources/${name}/events`,
      media_types: mediaTypes,
      aggregates: false,
    });
    expect(res.body).toMatchObject({
      aggregation_window_ms: 0,
      sources: [
        source('cloudevents', [
          'application/cloudevents+json',
          'application/cloudevents-batch+json',
          'application/json',
        ]),
        source('distribution', ['application/vnd.docker.distribution.events.v1+json', 'application/json']),
        source('harbor', ['application/json']),
      ],
    });
  });

  it('makes publish tokens for superusers only, of source claims only', async () => {
    const source = [{ type: 'source', name: 'distribution', actions: ['publish'] }];
    const byAdmin = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: await jwtFor('nora', [{ type: 'namespace', name: 'ingest', actions: ['admin'] }]),
      body: { name: 'p', access: source },
    });
    expect(byAdmin.status).toBe(403);
    const mixed = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: superuser,
      body: { name: 'p', access: [...source, { type: 'repository', name: REPO, actions: ['admin'] }] },
    });
    expect(mixed).toMatchObject({ status: 400, body: { message: expect.stringMatching(/only source claims/) } });
  });

  it('answers 401 without a token and 403 to any bearer but a publish token of this source', async () => {
    const body = envelope(distributionEvent({ repository: REPO, tag: 'x' }));
    const anonymous = await postToSource(herald.url, 'distribution', undefined, body);
    expect(anonymous).toMatchObject({ status: 401, body: { message: 'missing bearer token' } });
    const admin = await postToSource(herald.url, 'distribution', superuser, body);
    expect(admin).toMatchObject({ status: 403, body: { message: expect.stringMatching(/takes a publish token/) } });
    const harborOnly = await createPublishToken(herald.url, superuser, 'harbor');
    const other = await postToSource(herald.url, 'distribution', harborOnly, body);
    expect(other).toMatchObject({
      status: 403,
      body: { message: expect.stringMatching(/no publish token for source distribution/) },
    });
    const anySource = await createPublishToken(herald.url, superuser, '*');
    expect(await postToSource(herald.url, 'nosuch', anySource, body)).toMatchObject({ status: 404 });
  });

  it('keeps a publish token off every other route', async () => {
    const list = await api(herald.url, 'GET', '/api/v1/sources', { token: publishToken });
    expect(list).toMatchObject({ status: 403, body: { message: expect.stringMatching(/only publishes events/) } });
    const tokens = await api(herald.url, 'GET', '/api/v1/tokens', { token: publishToken });
    expect(tokens.status).toBe(403);
    const notifications = await api(herald.url, 'GET', `/api/v1/repository/${REPO}/notification/`, {
      token: publishToken,
    });
    expect(notifications.status).toBe(403);
  });

  it('refuses other media types (415), bodies that are not envelopes (400 with the reason) and oversized ones (413)', async () => {
    const post = (body: string, type?: string) => postToSource(herald.url, 'distribution', publishToken, body, type);
    expect(await post('{"events": []}', 'text/plain')).toMatchObject({
      status: 415,
      body: { message: expect.stringMatching(/Content-Type text\/plain is not one source distribution reads/) },
    });
    expect(await post('{"events": [')).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^distribution: body is not valid JSON: /) },
    });
    expect(await post('{"event": []}')).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/envelope/) },
    });
    expect(await post('{"events": [{"action": "push"}]}')).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/events\[0\]\.id/) },
    });
    expect(await post(`{"events": [], "pad": "${'x'.repeat(70_000)}"}`)).toMatchObject({ status: 413 });
  });

  it('answers 202 to an envelope of unmapped events, counting each skip with its reason', async () => {
    // Media types compare without their parameters.
    const res = await postToSource(
      herald.url,
      'distribution',
      publishToken,
      envelope(
        distributionEvent({ repository: REPO, blob: true }),
        distributionEvent({ repository: REPO, action: 'pull', tag: 'latest' }),
      ),
      'Application/vnd.docker.distribution.events.v1+json; charset=utf-8',
    );
    expect(res).toMatchObject({
      status: 202,
      body: {
        source: 'distribution',
        published: 0,
        merged: 0,
        skipped: 2,
        skips: [
          { type: 'blob push', reason: expect.stringMatching(/blob events/) },
          { type: 'manifest pull', reason: expect.stringMatching(/pull maps to no/) },
        ],
      },
    });
    const samples = parsePrometheusText(await (await fetch(`${herald.url}/metrics`)).text());
    expect(valueOf(samples, 'herald_source_events_skipped_total', { source: 'distribution', type: 'blob push' })).toBe(
      1,
    );
    expect(
      valueOf(samples, 'herald_source_events_skipped_total', { source: 'distribution', type: 'manifest pull' }),
    ).toBe(1);
  });

  it('delivers a tagged manifest push as repo_push once, however often the registry sends it, after a malformed body', async () => {
    expect(await postToSource(herald.url, 'distribution', publishToken, '{"events": [{')).toMatchObject({
      status: 400,
    });
    const push = distributionEvent({ repository: REPO, tag: 'v1', digest: `sha256:${'a'.repeat(64)}` });
    const first = await deliveryOutcomeOf(env.nc, uuid, async () => {
      const res = await postToSource(herald.url, 'distribution', publishToken, envelope(push));
      expect(res).toMatchObject({ status: 202, body: { published: 1, skipped: 0 } });
    });
    expect(first.status).toBe('delivered');
    // The registry's retry (its answer was lost, say): stored once, so never delivered again.
    expect(await postToSource(herald.url, 'distribution', publishToken, envelope(push))).toMatchObject({
      status: 202,
      body: { published: 1 },
    });
    // A later push is delivered after it in the notification's lane: once it arrived, a duplicate would have too.
    const later = distributionEvent({ repository: REPO, tag: 'v2', digest: `sha256:${'b'.repeat(64)}` });
    await deliveryOutcomeOf(env.nc, uuid, () =>
      postToSource(herald.url, 'distribution', publishToken, envelope(later)),
    );
    expect(sink.bodies()).toEqual([
      {
        repository: REPO,
        namespace: 'ingest',
        name: 'app',
        docker_url: `registry.example.com/${REPO}`,
        homepage: `https://registry.example.com/v2/${REPO}/tags/list`,
        updated_tags: { v1: `sha256:${'a'.repeat(64)}` },
      },
      expect.objectContaining({ updated_tags: { v2: `sha256:${'b'.repeat(64)}` } }),
    ]);
  });

  it('sends an event the catalogue refuses down the same dead-letter path as one published on NATS', async () => {
    // Distribution would never name a repository so; a source mapping it anyway must not get it delivered.
    const bad = distributionEvent({ repository: 'ingest/bad name', tag: 'v1' });
    expect(await postToSource(herald.url, 'distribution', publishToken, envelope(bad))).toMatchObject({
      status: 202,
      body: { published: 1 },
    });
    const consumer = await env.nc.jetstream().consumers.get(DEAD_LETTER_STREAM);
    const parked = await consumer.next({ expires: 30_000 });
    expect(parked?.headers?.get(HEADER_ORIGINAL_MSG_ID)).toBe(`distribution:${bad.id}`);
    expect(parked?.headers?.get(HEADER_DEAD_LETTER_REASON)).toMatch(/repository must look like namespace\/name/);
  });

  it("lets a namespace's admin make a publish token for that namespace, whose other events are skipped", async () => {
    const nsAdmin = await jwtFor('nora', [{ type: 'namespace', name: 'ingest', actions: ['admin'] }]);
    const made = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: nsAdmin,
      body: { name: 'ns', access: [{ type: 'source', name: 'distribution:ingest', actions: ['publish'] }] },
    });
    expect(made.status).toBe(201);
    const limited = (made.body as { token: string }).token;
    const res = await postToSource(
      herald.url,
      'distribution',
      limited,
      envelope(
        distributionEvent({ repository: 'ingest/unwatched', tag: 'v1' }),
        distributionEvent({ repository: 'elsewhere/app', tag: 'v1' }),
      ),
    );
    expect(res).toMatchObject({
      status: 202,
      body: {
        published: 1,
        skipped: 1,
        skips: [{ type: 'repo_push', reason: "outside the publish token's namespaces (ingest)" }],
      },
    });
  });
});
