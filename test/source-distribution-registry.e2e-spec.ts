import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFreePort } from '@herald/local-stack';
import { SOURCE_PENDING_STREAM } from '@herald/transport';
import { api } from './support/api.client';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { DistributionRegistry, skopeoPush, startDistributionRegistry } from './support/docker-registry';
import { eventually } from './support/eventually';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor, repoAdmin } from './support/jwt.tokens';
import { writeOciImage } from './support/oci-image';
import { createPublishToken, distributionEvent, postToSource } from './support/source-ingest';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/**
 * A real registry: Debian's docker-registry (CNCF distribution 2.8.2) notifies Herald's ingest endpoint with a publish
 * token, and skopeo pushes images the test writes as OCI layouts. A webhook notification on the repository gets
 * one repo_push per push operation, and none is lost or doubled when Herald is killed around a push.
 */
const REPO = 'ns/repo';
const WINDOW_MS = 5000;
const LONG = 120_000;

describe('a distribution registry pointed at Herald', () => {
  let env: TestEnvironment;
  let heraldEnv: Record<string, string>;
  let herald: HeraldProcess;
  let registry: DistributionRegistry;
  let sink: HttpSink;
  let uuid: string;
  let tmp: string;
  let layout: number;
  let publishToken: string;

  const start = async () => (herald = await startHerald(heraldEnv, 60_000));
  /** A new image (unique layer) in its own OCI layout, under these tags. */
  const image = (...tags: string[]) => {
    const dir = path.join(tmp, `image-${++layout}`);
    writeOciImage(dir, tags);
    return dir;
  };
  const push = (dir: string, tag: string) => skopeoPush(dir, tag, registry.host, REPO);
  const outcome = (trigger: () => Promise<unknown>) => deliveryOutcomeOf(env.nc, uuid, trigger, LONG);
  const deliveredTags = () => sink.bodies().map((b) => (b as { updated_tags: Record<string, string> }).updated_tags);
  const deliveriesOf = (tag: string) => deliveredTags().filter((t) => tag in t).length;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-registry-'));
    layout = 0;
    env = await openTestEnvironment('source-distribution-registry');
    sink = await HttpSink.start();
    const port = await findFreePort();
    heraldEnv = {
      ...env.heraldEnv,
      HERALD_HTTP_PORT: String(port),
      HERALD_SOURCE_AGGREGATION_WINDOW_MS: String(WINDOW_MS),
    };
    await start();
    const token = await createPublishToken(herald.url, await jwtFor('root', [], { superuser: true }), 'distribution');
    publishToken = token;
    registry = await startDistributionRegistry({
      dir: tmp,
      url: `http://127.0.0.1:${port}/api/v1/sources/distribution/events`,
      token,
    });
    const created = await api(herald.url, 'POST', `/api/v1/repository/${REPO}/notification/`, {
      token: await repoAdmin(REPO),
      body: { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/hook` }, eventConfig: {}, title: 'r' },
    });
    expect(created.status).toBe(201);
    uuid = (created.body as { uuid: string }).uuid;
  }, LONG);

  afterAll(async () => {
    if (registry) fs.writeFileSync(path.join(tmp, 'registry.log'), registry.logs());
    await registry?.stop();
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  it(
    'delivers a skopeo push as one repo_push with the tag and the manifest digest',
    async () => {
      const dir = image('v1');
      const got = await outcome(() => push(dir, 'v1'));
      expect(got.status).toBe('delivered');
      const digest = await registry.manifestDigest(REPO, 'v1');
      expect(sink.bodies()).toEqual([
        {
          repository: REPO,
          namespace: 'ns',
          name: 'repo',
          docker_url: `${registry.host}/${REPO}`,
          homepage: `http://${registry.host}/v2/${REPO}/tags/list`,
          updated_tags: { v1: digest },
        },
      ]);
    },
    LONG,
  );

  it(
    'merges a push of two tags within the window into one event with both',
    async () => {
      const dir = image('v2a', 'v2b');
      // One after the other, as `docker push` sends tags: two concurrent pushes of the same blobs race inside
      // distribution 2.8 (the second sees a blob as present while the first still uploads it, and its manifest is
      // refused with "blob unknown"). The second push only writes its manifest, well within the window.
      await outcome(async () => {
        await push(dir, 'v2a');
        await push(dir, 'v2b');
      });
      const digest = await registry.manifestDigest(REPO, 'v2a');
      expect(deliveredTags().slice(1)).toEqual([{ v2a: digest, v2b: digest }]);
    },
    LONG,
  );

  it(
    'loses nothing and doubles nothing when Herald is killed: the registry retries a push made while it is down',
    async () => {
      await herald.stop('SIGKILL');
      const dir = image('v3');
      await push(dir, 'v3');
      const got = await outcome(start);
      expect(got.status).toBe('delivered');
      expect(deliveredTags().at(-1)).toEqual({ v3: await registry.manifestDigest(REPO, 'v3') });
    },
    LONG,
  );

  it(
    'keeps a staged push across a kill -9 while its window is open, and delivers it once',
    async () => {
      const jsm = await env.nc.jetstreamManager();
      const dir = image('v4');
      await push(dir, 'v4');
      // Stored by Herald (the registry got its 2xx), merging not done yet: then the process dies.
      await eventually(
        async () => expect((await jsm.streams.info(SOURCE_PENDING_STREAM)).state.messages).toBe(1),
        LONG,
      );
      await herald.stop('SIGKILL');
      const got = await outcome(start);
      expect(got.status).toBe('delivered');
      expect(deliveredTags().at(-1)).toEqual({ v4: await registry.manifestDigest(REPO, 'v4') });
    },
    LONG,
  );

  it(
    'drops a retry of a merged event that comes after its window closed',
    async () => {
      const retried = {
        events: [distributionEvent({ repository: REPO, tag: 'v5', digest: `sha256:${'5'.repeat(64)}` })],
      };
      await outcome(async () => {
        expect(await postToSource(herald.url, 'distribution', publishToken, retried)).toMatchObject({
          status: 202,
          body: { merged: 1 },
        });
      });
      // Stored and merged (its part acked and gone from the work queue): the same event again is still known.
      expect(await postToSource(herald.url, 'distribution', publishToken, retried)).toMatchObject({ status: 202 });
    },
    LONG,
  );

  it(
    'delivered each push exactly once: a later push arrives after any duplicate would have',
    async () => {
      const dir = image('v9');
      await outcome(() => push(dir, 'v9'));
      const tags = ['v1', 'v2a', 'v2b', 'v3', 'v4', 'v5', 'v9'];
      expect(tags.map((t) => [t, deliveriesOf(t)])).toEqual(tags.map((t) => [t, 1]));
      expect(sink.requests).toHaveLength(6);
    },
    LONG,
  );
});
