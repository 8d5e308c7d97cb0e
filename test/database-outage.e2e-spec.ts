import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { RunningFerretDb, startFerretDb } from '@herald/local-stack';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Herald on a FerretDB of its own, stopped while a delivery is made: the outcome cannot be recorded for longer than the
 * driver's 10 s server selection. The delivery must still reach its target once, and be recorded once the database is
 * back, rather than be sent again from the event.
 */
describe('a database outage while a delivery is made', () => {
  let env: TestEnvironment;
  let dataDir: string;
  let ferret: RunningFerretDb | undefined;
  let herald: HeraldProcess | undefined;
  let sink: HttpSink;
  let db: mongoose.Connection;

  beforeAll(async () => {
    env = await openTestEnvironment('database-outage');
    dataDir = mkdtempSync(join(tmpdir(), 'herald-outage-'));
    ferret = await startFerretDb({ dataDir });
    db = await mongoose.createConnection(ferret.uri, { dbName: 'herald_outage' }).asPromise();
    sink = await HttpSink.start();
    await insertNotification(db, {
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: 'webhook',
      config: { url: sink.url },
    });
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_MONGODB_URI: ferret.uri,
      HERALD_MONGODB_DB: 'herald_outage',
      HERALD_ACK_WAIT_MS: '3000',
    });
  });

  afterAll(async () => {
    await herald?.stop();
    await db?.close().catch(() => undefined);
    await ferret?.stop();
    await sink?.close();
    await env?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends once, keeps the event until the outcome is recorded, and records it when the database is back', async () => {
    const port = ferret!.port;
    await ferret!.stop();
    const receipt = await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never);
    await sink.waitFor(1, 10_000);
    // Past the driver's server selection timeout: the record has failed at least once by now.
    await pause(13_000);
    ferret = await startFerretDb({ dataDir, port });

    const deliveryId = `${receipt.eventId}:`;
    const deadline = Date.now() + 40_000;
    let records: { status: string }[] = [];
    while (Date.now() < deadline && records.length === 0) {
      await pause(500);
      records = (await db
        .collection('delivery_records')
        .find({ delivery_id: { $regex: `^${deliveryId}` } })
        .toArray()
        .catch(() => [])) as unknown as { status: string }[];
    }
    expect(records.map((r) => r.status)).toEqual(['delivered']);
    // Acked once recorded: nothing comes again, even after the ack wait.
    await pause(4000);
    expect(sink.requests).toHaveLength(1);
    await herald!.waitForLog(/cannot record .* yet, retrying/);
  });
});
