import { startHerald } from './support/herald.process';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const DAY = 24 * 3_600_000;

function record(deliveryId: string, at: Date) {
  return {
    // A success is keyed by its chain of attempts (the delivery id for the first chain).
    _id: deliveryId,
    delivery_id: deliveryId,
    notification_uuid: 'n-1',
    status: 'delivered',
    detail: JSON.stringify({
      event: 'repo_push',
      event_id: deliveryId.split(':')[0],
      repository: 'old/repo',
      method: 'webhook',
      test: false,
      payload: {},
    }),
    at,
  };
}

describe('the delivery history retention job', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await openTestEnvironment('history-retention');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('deletes deliveries older than HERALD_HISTORY_RETENTION_DAYS and keeps the rest', async () => {
    const now = Date.now();
    await env.db
      .collection<ReturnType<typeof record>>('delivery_records')
      .insertMany([record('old:n-1', new Date(now - 3 * DAY)), record('recent:n-1', new Date(now - 0.5 * DAY))]);
    const herald = await startHerald({
      ...env.heraldEnv,
      HERALD_HISTORY_RETENTION_DAYS: '1',
      HERALD_HISTORY_PURGE_INTERVAL_MS: '3000',
    });
    try {
      // The job first runs at a random point of its first period (3 s here), then every period.
      const deadline = Date.now() + 15_000;
      let left: string[] = [];
      while (Date.now() < deadline) {
        left = (await env.db.collection('delivery_records').find().toArray()).map((r) => r.delivery_id as string);
        if (left.length === 1) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(left).toEqual(['recent:n-1']);
      await herald.waitForLog(/deleted 1 delivery records older than/);

      // Secondary indexes where they serve reads (MongoDB), none where they would only slow inserts (FerretDB).
      const info = await env.db.db!.admin().command({ buildInfo: 1 });
      const indexed = (await env.db.collection('delivery_records').indexes()).map((i) => Object.keys(i.key).join(','));
      if (info.ferretdbVersion) {
        expect(indexed).toEqual(['_id']);
        await herald.waitForLog(/delivery history without secondary indexes/);
      } else {
        expect(indexed.sort()).toEqual(['_id', 'at', 'delivery_id', 'notification_uuid,at']);
      }
    } finally {
      await herald.stop();
    }
  });
});
