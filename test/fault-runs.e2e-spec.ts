import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { connect, NatsConnection } from 'nats';
import {
  findRestartablePort,
  RunningFerretDb,
  RunningNatsServer,
  startFerretDb,
  startNatsServer,
} from '@herald/local-stack';
import { DeliveryCounter, formatFigures, SteadyLoad } from './support/fault-load';
import { HeraldProcess, startHerald } from './support/herald.process';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TEST_ENCRYPTION_KEYS } from './support/test-environment';

/**
 * Fault runs: Herald under a steady load of webhook events while one of its dependencies fails for a while, then comes
 * back. Every event JetStream acknowledged must reach the receiver: at least once, so duplicates are counted and
 * printed, never failed. Each scenario has a NATS of its own, so Herald's fixed stream names never meet another's.
 */

/** Events spread over several notifications, as deliveries to one notification go one at a time. */
const REPOSITORIES = Array.from({ length: 8 }, (_, i) => `faults/repo-${i}`);
/** How long every acked event may take to arrive once the load is published and the fault is over. */
const DELIVERY_TIMEOUT_MS = 60_000;
const SCENARIO_TIMEOUT_MS = 150_000;

function heraldEnv(natsUrl: string, mongoUri: string, dbName: string): Record<string, string> {
  return {
    HERALD_NATS_URL: natsUrl,
    HERALD_MONGODB_URI: mongoUri,
    HERALD_MONGODB_DB: dbName,
    // Loopback webhooks must pass the SSRF guard; the API rate limit must not get in the way.
    HERALD_OUTBOUND_ALLOW: '127.0.0.1',
    HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    HERALD_JWT_SECRET: 'fault-runs-use-no-api-token',
    HERALD_API_RATE_LIMIT: '1000000',
    // Short steps, so every retry lands within the scenario, that together (47 s, less 20 % jitter) outlast each
    // outage; few of them, as every retry first reads the delivery history, which FerretDB scans in full.
    HERALD_RETRY_SCHEDULE: '1s,2s,4s,8s,8s,8s,8s,8s',
    // Work held over a lost connection comes back soon.
    HERALD_ACK_WAIT_MS: '5000',
  };
}

/** Things to undo after each scenario, the last started stopped first. */
const cleanups: (() => unknown)[] = [];
const later = (fn: () => unknown) => void cleanups.push(fn);

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) {
    await Promise.resolve()
      .then(fn)
      .catch((err: unknown) => console.error(`cleanup failed: ${String(err)}`));
  }
});

interface FaultRun {
  scenario: string;
  total: number;
  ratePerSecond: number;
  /** The fault starts once this many events are delivered: part of the load is through, the rest still to come. */
  faultAfter: number;
  nc: NatsConnection;
  db: mongoose.Connection;
  counter: DeliveryCounter;
  herald: HeraldProcess;
  /** Breaks the dependency and brings it back; resolves once it is back. */
  fault: () => Promise<void>;
}

/**
 * Publishes the load, injects the fault mid-load, awaits every acked event at the receiver, prints the scenario's
 * figures and fails on any event missing.
 */
async function faultRun(run: FaultRun): Promise<void> {
  const { counter, herald } = run;
  const startedAt = Date.now();
  const load = new SteadyLoad({
    nc: run.nc,
    prefix: run.scenario,
    total: run.total,
    ratePerSecond: run.ratePerSecond,
    repositories: REPOSITORIES,
  });
  await counter.deliveredAtLeast(run.faultAfter, DELIVERY_TIMEOUT_MS);
  const deliveredBefore = counter.counts.size;
  const ackedBefore = load.acked.size;
  const downAt = Date.now();
  await run.fault();
  const upAt = Date.now();
  await load.done;
  await counter.settle(load.acked, DELIVERY_TIMEOUT_MS);

  const figures = counter.figures(load.acked);
  const caughtUp = Math.max(0, counter.lastFirstAt - upAt) / 1000;
  const line = formatFigures(
    run.scenario,
    figures,
    [
      `fault ${((upAt - downAt) / 1000).toFixed(1)} s from ${ackedBefore} acked, ${deliveredBefore} delivered`,
      `all in ${caughtUp.toFixed(1)} s after it`,
      `${load.retries} publish retries`,
      `${((Date.now() - startedAt) / 1000).toFixed(1)} s in all`,
    ].join(', '),
  );
  console.log(line);
  if (figures.missing > 0) {
    const failing = await run.db
      .collection('notifications')
      .find({ number_of_failures: { $gt: 0 } }, { projection: { repository: 1, number_of_failures: 1 } })
      .toArray()
      .catch((err: unknown) => String(err));
    console.error(
      `${line}\nmissing (first 20): ${figures.missingIds.slice(0, 20).join(' ')}\n` +
        `notifications with failures: ${JSON.stringify(failing)}\n` +
        `last Herald output:\n${herald.logs().slice(-6000)}`,
    );
  }
  expect({
    published: figures.published,
    missing: figures.missingIds.slice(0, 50),
    unexpected: figures.unexpectedIds,
  }).toEqual({ published: run.total, missing: [], unexpected: [] });
}

async function setUp(
  db: mongoose.Connection,
  env: Record<string, string>,
): Promise<{ counter: DeliveryCounter; herald: HeraldProcess }> {
  const counter = await DeliveryCounter.start();
  later(() => counter.close());
  for (const repository of REPOSITORIES) {
    await insertNotification(db, { repository, event: 'repo_push', method: 'webhook', config: { url: counter.url } });
  }
  const herald = await startHerald(env, 60_000);
  later(() => herald.stop('SIGKILL'));
  return { counter, herald };
}

it(
  'nats-restart: nats-server stopped mid-load and started again on its port and store loses no acked event',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-fault-nats-'));
    later(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await findRestartablePort();
    let nats: RunningNatsServer = await startNatsServer({ dataDir, port });
    later(() => nats.stop());
    const mongoUri = process.env.HERALD_TEST_MONGODB_URI;
    if (!mongoUri) throw new Error('HERALD_TEST_MONGODB_URI is unset: run the e2e tests through jest (globalSetup)');
    const dbName = `herald_test_fault_nats_${randomUUID().slice(0, 8)}`;
    const db = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
    later(async () => {
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    });
    const { counter, herald } = await setUp(db, heraldEnv(nats.url, mongoUri, dbName));
    // The registry's connection: it reconnects for ever, quickly; the load retries each publish until it is acked.
    const nc = await connect({
      servers: nats.url,
      name: 'fault-publisher',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    later(() => nc.close());

    await faultRun({
      scenario: 'nats-restart',
      total: 1500,
      ratePerSecond: 300,
      faultAfter: 450,
      nc,
      db,
      counter,
      herald,
      fault: async () => {
        await nats.stop();
        await sleep(3000);
        nats = await startNatsServer({ dataDir, port });
      },
    });
  },
  SCENARIO_TIMEOUT_MS,
);

it(
  'database-kill: FerretDB killed with -9 mid-load and restarted 10 s later on its port and data loses no event',
  async () => {
    const env = await openTestEnvironment('fault-database');
    later(() => env.close());
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-fault-db-'));
    later(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await findRestartablePort();
    let ferret: RunningFerretDb = await startFerretDb({ dataDir, port });
    later(() => ferret.stop());
    const dbName = 'herald_fault_db';
    const db = await mongoose.createConnection(ferret.uri, { dbName }).asPromise();
    later(() => db.close());
    const { counter, herald } = await setUp(db, heraldEnv(env.natsUrl, ferret.uri, dbName));

    await faultRun({
      scenario: 'database-kill',
      total: 1500,
      ratePerSecond: 300,
      faultAfter: 450,
      nc: env.nc,
      db,
      counter,
      herald,
      fault: async () => {
        process.kill(ferret.process.pid, 'SIGKILL');
        expect((await ferret.process.exited).signal).toBe('SIGKILL');
        await sleep(10_000);
        ferret = await startFerretDb({ dataDir, port });
      },
    });
  },
  SCENARIO_TIMEOUT_MS,
);

it(
  'receiver-outage: the webhook receiver refuses connections for 15 s mid-load and still gets every event',
  async () => {
    const env = await openTestEnvironment('fault-receiver');
    later(() => env.close());
    const { counter, herald } = await setUp(env.db, heraldEnv(env.natsUrl, env.mongoUri, env.dbName));

    // Each event caught by the outage costs a few failed attempts and a history read per retry (a scan on FerretDB):
    // about 400 of them keep the catch-up within seconds on two busy cores.
    await faultRun({
      scenario: 'receiver-outage',
      total: 1000,
      ratePerSecond: 200,
      faultAfter: 600,
      nc: env.nc,
      db: env.db,
      counter,
      herald,
      fault: async () => {
        await counter.refuse();
        await sleep(15_000);
        await counter.accept();
      },
    });
  },
  SCENARIO_TIMEOUT_MS,
);
