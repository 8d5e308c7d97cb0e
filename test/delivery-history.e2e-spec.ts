import {
  DEFAULT_CORE_SETTINGS,
  DeliveryHistory,
  DeliveryRecord,
  DeliveryRecordSchema,
  firstAttempt,
  type AttemptRecord,
} from '@herald/core';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const notification = {
  uuid: 'n-history',
  repository: 'mynamespace/repository',
  method: 'webhook',
  config: { url: 'http://127.0.0.1:9/hook' },
  title: null,
  event_config: {},
} as never;

function delivered(eventId: string, payload: Record<string, unknown>) {
  const message = firstAttempt({
    deliveryId: `${eventId}:n-history`,
    eventId,
    event: 'repo_push',
    payload,
    notification,
    test: false,
  });
  const attempt: AttemptRecord = {
    attempt: 1,
    at: new Date(),
    duration_ms: 3,
    outcome: 'delivered',
    http_status: 200,
    response_body: 'ok',
    error: null,
    error_class: null,
  };
  return { message, status: 'delivered' as const, attempt };
}

/** The history service on its own, against the test database: what it stores and what it tolerates. */
describe('the delivery history store', () => {
  let env: TestEnvironment;
  let history: DeliveryHistory;

  beforeAll(async () => {
    env = await openTestEnvironment('delivery-history');
    const model = env.db.model(DeliveryRecord.name, DeliveryRecordSchema);
    history = new DeliveryHistory(model as never, DEFAULT_CORE_SETTINGS);
    await history.onModuleInit();
  });

  afterAll(async () => {
    await history?.onModuleDestroy();
    await env?.close();
  });

  it('takes the same success twice (a redelivered message) without failing the batch it is in', async () => {
    const payload = structuredClone(REPO_PUSH_SAMPLE) as Record<string, unknown>;
    await history.record(delivered('dup-1', payload));
    await Promise.all([history.record(delivered('dup-1', payload)), history.record(delivered('dup-2', payload))]);
    expect(await history.wasDelivered('dup-1:n-history')).toBe(true);
    expect(await history.wasDelivered('dup-2:n-history')).toBe(true);
    expect(await history.wasDelivered('never:n-history')).toBe(false);
    const view = await history.get('n-history', 'dup-2:n-history');
    expect(view?.view.status).toBe('delivered');
    expect(view?.payload).toEqual(payload);
  });

  it("tells from the records' keys whether a chain concluded an attempt, whatever the outcome", async () => {
    const payload = structuredClone(REPO_PUSH_SAMPLE) as Record<string, unknown>;
    const base = delivered('chain-delivered', payload);
    await history.record(base);
    const outcome = (eventId: string, status: 'retrying' | 'failed') => {
      const { message, attempt } = delivered(eventId, payload);
      return { message, status, attempt: { ...attempt, outcome: status === 'retrying' ? 'retry' : 'failed' } as const };
    };
    await history.record(outcome('chain-retrying', 'retrying'));
    await history.record(outcome('chain-failed', 'failed'));
    await history.record({ message: delivered('chain-cancelled', payload).message, status: 'cancelled' });
    // A manual redelivery's pending record is no attempt.
    await history.record({ message: delivered('chain-pending', payload).message, status: 'pending' });
    const concluded = async (id: string) => history.chainConcluded(`${id}:n-history`);
    expect(await concluded('chain-delivered')).toBe(true);
    expect(await concluded('chain-retrying')).toBe(true);
    expect(await concluded('chain-failed')).toBe(true);
    expect(await concluded('chain-cancelled')).toBe(true);
    expect(await concluded('chain-pending')).toBe(false);
    expect(await concluded('chain-never')).toBe(false);
  });

  it('splits a batch too large for one command and stores every record', async () => {
    // 180 records of about 100 KB each: 18 MB, more than MongoDB takes in one command.
    const big = { ...structuredClone(REPO_PUSH_SAMPLE), padding: 'p'.repeat(100_000) } as Record<string, unknown>;
    const ids = Array.from({ length: 180 }, (_, i) => `big-${i}`);
    await Promise.all(ids.map((id) => history.record(delivered(id, big))));
    const stored = await env.db
      .collection('delivery_records')
      .find({ _id: { $in: ids.map((id) => `${id}:n-history`) } as never })
      .project({ _id: 1 })
      .toArray();
    expect(stored).toHaveLength(180);
  });
});
