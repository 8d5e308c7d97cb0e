import { connect as connectV2 } from 'nats';
import { LocalStack, startLocalStack } from '@herald/local-stack';
import {
  AtomicBatchError,
  connectPinned,
  laneSubject,
  LANES_STREAM,
  PinnedNatsClient,
  provisionStreams,
  publishAtomicBatch,
} from '@herald/transport';

/**
 * The lane appends' atomic batches against a real nats-server with Herald's own streams: a batch lands whole, in
 * order, on the partitioned subjects for one answer, and a batch holding an id already stored is refused whole (the
 * dispatcher then sends it one message at a time, de-duplicated by id).
 */
let stack: LocalStack;
let pinned: PinnedNatsClient;

beforeAll(async () => {
  stack = await startLocalStack({ nats: true, mongo: false });
  const nc = await connectV2({ servers: stack.natsUrl as string });
  await provisionStreams(await nc.jetstreamManager(), {
    replicas: 1,
    eventsMaxAgeMs: 60_000,
    duplicateWindowMs: 60_000,
    lanePartitions: 8,
    atomicLanes: true,
  });
  await nc.close();
  pinned = await PinnedNatsClient.open(await connectPinned({ url: stack.natsUrl as string }));
}, 120_000);

afterAll(async () => {
  await pinned?.close();
  await stack?.stop();
});

const item = (lane: string, n: number) => ({
  subject: laneSubject('webhook', lane),
  data: Buffer.from(`{"n":${n}}`),
  msgID: `${lane}:${n}`,
});

async function laneContents(): Promise<{ subject: string; data: string }[]> {
  const info = await pinned.jsm.streams.info(LANES_STREAM);
  const out: { subject: string; data: string }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await pinned.jsm.streams.getMessage(LANES_STREAM, { seq }).catch(() => undefined);
    if (m) out.push({ subject: m.subject, data: Buffer.from(m.data).toString() });
  }
  return out;
}

it('stores a batch whole and in order under the partitioned lane subjects', async () => {
  const info = await pinned.jsm.streams.info(LANES_STREAM);
  expect((info.config as { allow_atomic?: boolean }).allow_atomic).toBe(true);
  const items = [item('lane-a', 1), item('lane-b', 1), item('lane-a', 2), item('lane-a', 3)];
  await publishAtomicBatch(pinned.nc, items, 10_000);
  const stored = await laneContents();
  expect(stored.map((m) => m.data)).toEqual(['{"n":1}', '{"n":1}', '{"n":2}', '{"n":3}']);
  // The stream's transform applies to batches as to single publishes.
  for (const m of stored) expect(m.subject).toMatch(/^herald\.lanes\.webhook\.\d\.lane-[ab]$/);
});

it('refuses a batch holding an id already stored, storing none of it', async () => {
  const before = (await pinned.jsm.streams.info(LANES_STREAM)).state.messages;
  const err = await publishAtomicBatch(pinned.nc, [item('lane-a', 4), item('lane-a', 3), item('lane-a', 5)], 10_000)
    .then(() => undefined)
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AtomicBatchError);
  expect((err as AtomicBatchError).errCode).toBe(10201);
  expect((await pinned.jsm.streams.info(LANES_STREAM)).state.messages).toBe(before);
});
