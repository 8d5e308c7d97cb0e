import { headers, nuid, type NatsConnection } from '@nats-io/nats-core';
import { serverVersionAtLeast } from '../server-version';

/** One message of an atomic batch, with the id JetStream de-duplicates it by. */
export interface BatchItem {
  subject: string;
  data: Uint8Array;
  msgID: string;
}

/** The batch was refused, or its commit went unanswered: none of it, or (after a timeout) maybe all of it, is stored. */
export class AtomicBatchError extends Error {
  constructor(
    message: string,
    /** JetStream's err_code (10201: the batch holds an id already stored), when the server answered. */
    readonly errCode?: number,
  ) {
    super(message);
  }
}

/** Atomic batch publishing (`allow_atomic` on a stream) is in nats-server from 2.12. */
export function supportsAtomicBatches(serverVersion: string): boolean {
  return serverVersionAtLeast(serverVersion, 2, 12);
}

/** nats-server's default cap on the messages of one atomic batch. */
export const MAX_ATOMIC_BATCH = 1000;

/**
 * Stores `items` in one atomic batch: all of them in this order, or none. Every message but the last is a plain publish
 * on the one connection (so the server sees them in order); the last carries the commit and is the only one answered,
 * which makes a batch one round trip and one acknowledgement whatever its size.
 */
export async function publishAtomicBatch(nc: NatsConnection, items: BatchItem[], timeoutMs: number): Promise<void> {
  const id = nuid.next();
  const last = items.length - 1;
  for (let i = 0; i < last; i++)
    nc.publish(items[i].subject, items[i].data, { headers: batchHeaders(id, i, items[i]) });
  const commit = batchHeaders(id, last, items[last]);
  commit.set('Nats-Batch-Commit', '1');
  const reply = await nc
    .request(items[last].subject, items[last].data, { headers: commit, timeout: timeoutMs })
    .catch((err: unknown) => {
      throw new AtomicBatchError(`batch commit unanswered: ${String(err)}`);
    });
  const ack = reply.json<{ error?: { err_code?: number; description?: string }; count?: number }>();
  if (ack.error) throw new AtomicBatchError(`batch refused: ${ack.error.description}`, ack.error.err_code);
  if (ack.count !== items.length) throw new AtomicBatchError(`batch stored ${ack.count} of ${items.length} messages`);
}

function batchHeaders(id: string, index: number, item: BatchItem) {
  const h = headers();
  h.set('Nats-Batch-Id', id);
  h.set('Nats-Batch-Sequence', String(index + 1));
  h.set('Nats-Msg-Id', item.msgID);
  return h;
}
