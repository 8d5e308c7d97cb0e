import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { RunningNatsCluster, RunningNatsServer, startNatsCluster } from '@herald/local-stack';
import { LANES_STREAM } from '@herald/transport';
import { api } from './support/api.client';
import { DeliveryCounter, formatFigures, SteadyLoad } from './support/fault-load';
import { HeraldProcess, startHerald } from './support/herald.process';
import { insertNotification } from './support/notifications.fixture';
import { TEST_ENCRYPTION_KEYS } from './support/test-environment';

/**
 * The clustered shape: a 3-node JetStream cluster with Herald's streams at 3 replicas and two Herald instances given
 * all three URLs. Mid-load the NATS node leading the lanes stream is killed -9, then the Herald instance that owns
 * the dispatcher. Every acked event must arrive (duplicates are printed), and each notification's events in the order
 * JetStream stored them: lanes are strict by default.
 */

const REPOSITORIES = Array.from({ length: 8 }, (_, i) => `cluster/repo-${i}`);
const TOTAL = 3000;
// Generous: on a loaded machine recovery from the two kills has taken over a minute; a lost event still fails.
const DELIVERY_TIMEOUT_MS = 150_000;

interface Health {
  checks: { dispatcher: { dispatching: boolean } };
  actions: { webhook: { ownedPartitions: number } };
}

/**
 * Per repository, first arrivals whose stream sequence is below one that arrived before them; `at` says how many
 * distinct events had arrived when the first and the last of them did.
 */
function outOfOrder(counter: DeliveryCounter, load: SteadyLoad): { count: number; at: number[] } {
  const highest = new Map<number, number>();
  const seen = new Set<string>();
  let count = 0;
  const at: number[] = [];
  for (const id of counter.arrivals) {
    if (seen.has(id)) continue;
    seen.add(id);
    const seq = load.streamSeq.get(id);
    if (seq === undefined) continue;
    const lane = Number(id.slice(id.lastIndexOf('-') + 1)) % REPOSITORIES.length;
    if (seq < (highest.get(lane) ?? 0)) {
      count++;
      at[count === 1 ? 0 : 1] = seen.size;
    }
    highest.set(lane, Math.max(seq, highest.get(lane) ?? 0));
  }
  return { count, at };
}

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) {
    await Promise.resolve()
      .then(fn)
      .catch((err: unknown) => console.error(`cleanup failed: ${String(err)}`));
  }
});

it(`${TOTAL} events over a 3-node NATS cluster at 3 replicas survive a NATS node and a Herald killed -9`, async () => {
  const startedAt = Date.now();
  const cluster: RunningNatsCluster = await startNatsCluster(3);
  cleanups.push(() => cluster.stop());
  const mongoUri = process.env.HERALD_TEST_MONGODB_URI;
  if (!mongoUri) throw new Error('HERALD_TEST_MONGODB_URI is unset: run the e2e tests through jest (globalSetup)');
  const dbName = `herald_test_cluster_${randomUUID().slice(0, 8)}`;
  const db = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  cleanups.push(async () => {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  });
  const counter = await DeliveryCounter.start();
  cleanups.push(() => counter.close());
  for (const repository of REPOSITORIES) {
    await insertNotification(db, { repository, event: 'repo_push', method: 'webhook', config: { url: counter.url } });
  }

  const env = {
    HERALD_NATS_URL: cluster.url,
    HERALD_STREAM_REPLICAS: '3',
    HERALD_MONGODB_URI: mongoUri,
    HERALD_MONGODB_DB: dbName,
    HERALD_OUTBOUND_ALLOW: '127.0.0.1',
    HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    HERALD_JWT_SECRET: 'cluster-run-uses-no-api-token',
    HERALD_RETRY_SCHEDULE: '1s,2s,4s,8s,8s,8s,8s,8s',
    HERALD_ACK_WAIT_MS: '5000',
    // A lane of the killed instance moves to the other soon.
    HERALD_LANE_ACK_WAIT_MS: '2000',
    HERALD_LANE_PIN_TTL_MS: '3000',
  };
  const heralds: HeraldProcess[] = [];
  for (let i = 0; i < 2; i++) {
    const herald = await startHerald(env, 90_000);
    heralds.push(herald);
    cleanups.push(() => herald.stop('SIGKILL'));
  }

  // The registry's connection knows all three nodes and reconnects for ever; each publish is retried until acked.
  const nc: NatsConnection = await connect({
    servers: cluster.url.split(','),
    name: 'cluster-publisher',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
  });
  cleanups.push(() => nc.close());
  const load = new SteadyLoad({ nc, prefix: 'cluster', total: TOTAL, ratePerSecond: 300, repositories: REPOSITORIES });

  await counter.deliveredAtLeast(TOTAL / 4, DELIVERY_TIMEOUT_MS);
  const jsm = await nc.jetstreamManager();
  const leaderName = (await jsm.streams.info(LANES_STREAM)).cluster?.leader ?? '';
  const node = cluster.nodeNamed(leaderName) as RunningNatsServer;
  expect(node).toBeDefined();
  process.kill(node.process.pid, 'SIGKILL');
  expect((await node.process.exited).signal).toBe('SIGKILL');
  const natsKilledAt = counter.counts.size;

  // Deliveries go on over the two nodes left; then the instance doing the dispatching dies too.
  await counter.deliveredAtLeast(natsKilledAt + TOTAL / 6, DELIVERY_TIMEOUT_MS);
  const health = await Promise.all(heralds.map(async (h) => (await api(h.url, 'GET', '/health')).body as Health));
  const victim = health.findIndex((h) => h.checks.dispatcher.dispatching);
  const killed = heralds[victim >= 0 ? victim : 0];
  const partitions = health.map((h) => h.actions.webhook.ownedPartitions);
  await killed.stop('SIGKILL');
  const heraldKilledAt = counter.counts.size;

  await load.done;
  await counter.settle(load.acked, DELIVERY_TIMEOUT_MS);

  const figures = counter.figures(load.acked);
  const { count: disorder, at: disorderAt } = outOfOrder(counter, load);
  const line = formatFigures(
    'nats-cluster',
    figures,
    [
      `nats node ${leaderName} (lanes leader) killed at ${natsKilledAt} delivered`,
      `herald ${victim >= 0 ? 'dispatcher' : '#0'} killed at ${heraldKilledAt} (partitions owned ${partitions.join('/')})`,
      `${disorder} out of order${disorder ? ` (at ${disorderAt.join('-')} delivered)` : ''}`,
      `${load.retries} publish retries`,
      `${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`,
    ].join(', '),
  );
  console.log(line);
  if (figures.missing > 0 || disorder > 0) {
    const survivor = heralds.find((h) => h !== killed) as HeraldProcess;
    // Both instances' whole output, for the post-mortem.
    const logs = heralds.map((h, i) => {
      const file = join(tmpdir(), `herald-cluster-${process.pid}-${i}.log`);
      writeFileSync(file, h.logs());
      return file;
    });
    console.error(
      `${line}\nmissing (first 20): ${figures.missingIds.slice(0, 20).join(' ')}\n` +
        `full output in ${logs.join(' ')}; last output of the surviving Herald:\n${survivor.logs().slice(-6000)}`,
    );
  }
  expect({
    published: figures.published,
    missing: figures.missingIds.slice(0, 50),
    unexpected: figures.unexpectedIds,
    outOfOrder: disorder,
  }).toEqual({ published: TOTAL, missing: [], unexpected: [], outOfOrder: 0 });
}, 420_000);
