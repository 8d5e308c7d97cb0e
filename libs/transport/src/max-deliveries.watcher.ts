import { JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { publishDeadLetter } from './dead-letter.publisher';
import { JetStreamWorker, WorkerLogger } from './jetstream.worker';
import { ADVISORIES_DURABLE, ADVISORIES_STREAM } from './subjects.constants';

interface MaxDeliveriesAdvisory {
  stream?: unknown;
  consumer?: unknown;
  stream_seq?: unknown;
  deliveries?: unknown;
}

/**
 * Parks the messages JetStream gave up on: each max-deliveries advisory names a message that was delivered max_deliver
 * times without being acked, because its handler crashed or hung the process each time, so no handler could park it.
 * The advisories are kept in a stream, so this works even when that message took every instance down.
 */
export class MaxDeliveriesWatcher {
  private readonly worker: JetStreamWorker;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: { ackWaitMs: number; logger: WorkerLogger; onParked?: (subject: string) => void },
  ) {
    this.worker = new JetStreamWorker(
      js,
      jsm,
      {
        stream: ADVISORIES_STREAM,
        durable: ADVISORIES_DURABLE,
        filterSubject: '>',
        concurrency: 4,
        ackWaitMs: opts.ackWaitMs,
        logger: opts.logger,
      },
      (msg) => this.handle(msg),
    );
  }

  start(): Promise<void> {
    return this.worker.start();
  }

  stop(timeoutMs: number): Promise<void> {
    return this.worker.stop(timeoutMs);
  }

  private async handle(msg: JsMsg): Promise<void> {
    let advisory: MaxDeliveriesAdvisory;
    try {
      advisory = JSON.parse(Buffer.from(msg.data).toString('utf8')) as MaxDeliveriesAdvisory;
    } catch {
      advisory = {};
    }
    const { stream, stream_seq: seq, deliveries } = advisory;
    if (typeof stream !== 'string' || typeof seq !== 'number') {
      this.opts.logger.warn(`ignoring a malformed max-deliveries advisory #${msg.seq}`);
      msg.ack();
      return;
    }
    const original = await this.jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (!original) {
      // Expired or deleted since: nothing is left to park.
      this.opts.logger.warn(`${stream} #${seq} reached max deliveries but is no longer stored`);
      msg.ack();
      return;
    }
    const reason = `not concluded after ${String(deliveries)} deliveries: the handler crashed or hung the process each time`;
    await publishDeadLetter(
      this.js,
      { subject: original.subject, data: original.data, stream, seq, headers: original.header },
      reason,
    );
    this.opts.onParked?.(original.subject);
    this.opts.logger.error(`parked ${original.subject} ${stream} #${seq} as a dead letter: ${reason}`);
    msg.ack();
  }
}
