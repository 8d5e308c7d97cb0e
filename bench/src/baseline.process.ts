import { AckPolicy, connect, DeliverPolicy, JsMsg, nanos } from 'nats';
import { request } from 'undici';
import { RAW_DURABLE, RAW_STREAM, RAW_SUBJECTS } from './raw.constants';

/**
 * The raw baseline, in a process of its own like Herald: a durable pull consumer with explicit acks and a fixed number
 * of messages in flight, POSTing each body to the sink with undici and acking after the 2xx. No validation, no
 * matching, no second hop: the floor Herald's two-stage pipeline is compared against.
 */
const natsUrl = process.env.BENCH_NATS_URL as string;
const sinkUrl = process.env.BENCH_SINK_URL as string;
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);

let inFlight = 0;
let wake: (() => void) | undefined;
const slotFree = (): Promise<void> => new Promise((resolve) => (wake = resolve));

async function deliver(msg: JsMsg): Promise<void> {
  try {
    const res = await request(sinkUrl, {
      method: 'POST',
      body: msg.data,
      headers: { 'content-type': 'application/json' },
    });
    await res.body.dump();
    if (res.statusCode >= 200 && res.statusCode < 300) msg.ack();
    else msg.nak(1000);
  } catch {
    msg.nak(1000);
  } finally {
    inFlight--;
    const w = wake;
    wake = undefined;
    w?.();
  }
}

async function main(): Promise<void> {
  const nc = await connect({ servers: natsUrl, name: 'bench-raw-baseline' });
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add(RAW_STREAM, {
    durable_name: RAW_DURABLE,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: RAW_SUBJECTS,
    ack_wait: nanos(30_000),
    max_deliver: -1,
    max_ack_pending: 10_000,
  });
  const consumer = await nc.jetstream().consumers.get(RAW_STREAM, RAW_DURABLE);
  const messages = await consumer.consume({ max_messages: Math.max(2 * concurrency, 16) });
  process.on('SIGTERM', () => {
    void messages.close().then(() => nc.close().finally(() => process.exit(0)));
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ type: 'ready' });
  for await (const msg of messages) {
    while (inFlight >= concurrency) await slotFree();
    inFlight++;
    void deliver(msg);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
