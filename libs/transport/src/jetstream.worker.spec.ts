import type { JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { JetStreamWorker } from './jetstream.worker';

const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

function message(redeliveryCount: number) {
  return {
    subject: 'registry.events.repo_push',
    seq: 7,
    info: { redeliveryCount, stream: 'REGISTRY_EVENTS' },
    ack: jest.fn(),
    nak: jest.fn(),
    term: jest.fn(),
    working: jest.fn(),
  };
}

function worker(handler: () => Promise<void>, park?: jest.Mock) {
  const w = new JetStreamWorker(
    {} as JetStreamClient,
    {} as JetStreamManager,
    {
      stream: 'REGISTRY_EVENTS',
      durable: 'd',
      filterSubject: '>',
      concurrency: 4,
      ackWaitMs: 1000,
      logger,
      ...(park ? { poison: { maxDeliveries: 3, park } } : {}),
    },
    handler,
  );
  // The consume loop is JetStream's; what matters here is what happens to one message whose handler throws.
  return async (msg: ReturnType<typeof message>) => {
    (w as unknown as { track(m: JsMsg): void }).track(msg as unknown as JsMsg);
    await (w as unknown as { inFlight: Map<JsMsg, { work: Promise<void> }> }).inFlight.get(msg as never)?.work;
  };
}

describe('JetStreamWorker: a handler that throws', () => {
  const failing = () => Promise.reject(new Error('RangeError: Maximum call stack size exceeded'));

  it('hands the message back with a delay that grows with its deliveries', async () => {
    const handle = worker(failing, jest.fn());
    const first = message(1);
    await handle(first);
    expect(first.nak).toHaveBeenCalledWith(1000);
    const second = message(2);
    await handle(second);
    expect(second.nak).toHaveBeenCalledWith(2000);
  });

  it('parks it and terminates it on its last allowed delivery, instead of handing it back again', async () => {
    const park = jest.fn(() => Promise.resolve());
    const handle = worker(failing, park);
    const last = message(3);
    await handle(last);
    expect(park).toHaveBeenCalledWith(
      last,
      expect.stringMatching(/^handler failed on each of 3 deliveries, last: .*RangeError/),
    );
    expect(last.term).toHaveBeenCalled();
    expect(last.nak).not.toHaveBeenCalled();
  });

  it('hands it back when parking fails: JetStream then reports it by advisory', async () => {
    const park = jest.fn(() => Promise.reject(new Error('no NATS')));
    const handle = worker(failing, park);
    const last = message(3);
    await handle(last);
    expect(last.term).not.toHaveBeenCalled();
    expect(last.nak).toHaveBeenCalled();
  });

  it('without a poison bound, never parks', async () => {
    const handle = worker(failing);
    const m = message(50);
    await handle(m);
    expect(m.nak).toHaveBeenCalledWith(30_000);
    expect(m.term).not.toHaveBeenCalled();
  });
});
