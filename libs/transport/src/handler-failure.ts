import type { WorkerLogger } from './jetstream.worker';

/** What a failed handler's message needs, in both NATS clients' message types. */
export interface RedeliverableMessage {
  subject: string;
  seq: number;
  info: { redeliveryCount: number };
  nak(millis?: number): void;
  term(reason?: string): void;
}

export interface PoisonBound<M> {
  maxDeliveries: number;
  park(msg: M, reason: string): Promise<void>;
}

/** Redelivery after a handler error backs off from 1 s to 30 s. */
const RETRY_AFTER_HANDLER_ERROR_MS = { first: 1000, max: 30_000 };

/**
 * A handler threw: hand the message back for redelivery with a growing delay, or, on its last delivery under the
 * poison bound, park it as a dead letter and terminate it so that it never loops.
 */
export async function handBackAfterFailure<M extends RedeliverableMessage>(
  msg: M,
  err: unknown,
  where: string,
  logger: WorkerLogger,
  poison?: PoisonBound<M>,
  stopping = false,
): Promise<void> {
  const deliveries = msg.info.redeliveryCount;
  const at = `${where}: handler failed on ${msg.subject} #${msg.seq} (delivery ${deliveries})`;
  if (poison && deliveries >= poison.maxDeliveries && !stopping) {
    try {
      await poison.park(msg, `handler failed on each of ${deliveries} deliveries, last: ${String(err)}`);
      logger.error(`${at}: parked as a dead letter: ${String(err)}`);
      msg.term();
      return;
    } catch (parkErr) {
      logger.error(`${at}: could not park it, handing it back: ${String(parkErr)}`);
    }
  } else {
    logger.error(`${at}: ${String(err)}`);
  }
  const { first, max } = RETRY_AFTER_HANDLER_ERROR_MS;
  msg.nak(Math.min(first * 2 ** Math.max(deliveries - 1, 0), max));
}
