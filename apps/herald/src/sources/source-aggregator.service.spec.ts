import type { SourceEvent, SourcePlugin } from '@herald/plugin-sdk';
import type { HeldMessage, PinnedNatsClient } from '@herald/transport';
import { SourceAggregator } from './source-aggregator.service';
import type { SourceEventPublisher } from './source-event.publisher';
import { SourceEventsHub } from './source-events.hub';
import type { SourceRegistry } from './source-registry.service';
import type { SourcesOptions } from './sources.options';

const WINDOW = 1000;

const push = (id: string, tag: string): SourceEvent => ({
  kind: 'repo_push',
  id,
  aggregationKey: 'repo_push:ns/repo',
  payload: { repository: 'ns/repo', updated_tags: { [tag]: `sha256:${tag}` } },
});

const merging: SourcePlugin & { merge(e: readonly SourceEvent[]): SourceEvent } = {
  name: 'distribution',
  description: '',
  mediaTypes: ['application/json'],
  translate: () => ({ events: [], skipped: [] }),
  merge: (events) => ({
    ...events[0],
    id: events.map((e) => e.id).join('+'),
    payload: { ...events[0].payload, updated_tags: Object.assign({}, ...events.map((e) => e.payload.updated_tags)) },
  }),
};

/** A held message as the pinned worker hands it over, recording how it was settled. */
function held(seq: number, at: number, body: unknown, lost: AbortSignal) {
  const settled: string[] = [];
  const message = {
    msg: { seq, data: new TextEncoder().encode(JSON.stringify(body)), info: { timestampNanos: at * 1e6 } },
    session: { id: 'pin', lost },
    ack: () => settled.push('ack'),
    nak: () => settled.push('nak'),
    term: () => settled.push('term'),
  } as unknown as HeldMessage;
  return { message, settled };
}

function aggregatorWith(publish: (e: SourceEvent) => Promise<void>) {
  const published: SourceEvent[] = [];
  const publisher = {
    publish: async (_source: string, events: readonly SourceEvent[]) => {
      for (const e of events) {
        await publish(e);
        published.push(e);
      }
    },
  } as unknown as SourceEventPublisher;
  const registry = {
    get: () => ({ plugin: merging, context: { settings: {}, publicUrl: '' } }),
  } as unknown as SourceRegistry;
  const options = { aggregationWindowMs: WINDOW, maxMergeParts: 10 } as SourcesOptions;
  const aggregator = new SourceAggregator({} as PinnedNatsClient, registry, publisher, new SourceEventsHub(), options);
  const receive = (m: HeldMessage) => (aggregator as unknown as { receive(h: HeldMessage): void }).receive(m);
  return { receive, published };
}

describe('SourceAggregator', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_000 }));
  afterEach(() => jest.useRealTimers());

  it('merges the parts of a window once it closes, and acks them only after the merged event is stored', async () => {
    let store!: () => void;
    const { receive, published } = aggregatorWith(() => new Promise<void>((r) => (store = r)));
    const lost = new AbortController().signal;
    const a = held(1, 10_000, { source: 'distribution', event: push('a', 'v1') }, lost);
    const b = held(2, 10_400, { source: 'distribution', event: push('b', 'v2') }, lost);
    receive(a.message);
    receive(b.message);
    await jest.advanceTimersByTimeAsync(WINDOW + 300);
    expect(a.settled).toEqual([]);
    store();
    await jest.advanceTimersByTimeAsync(0);
    expect(published.map((e) => [e.id, e.payload.updated_tags])).toEqual([
      ['a+b', { v1: 'sha256:v1', v2: 'sha256:v2' }],
    ]);
    expect([a.settled, b.settled]).toEqual([['ack'], ['ack']]);
  });

  it('hands the parts back when the merged event cannot be stored', async () => {
    const { receive } = aggregatorWith(() => Promise.reject(new Error('no JetStream')));
    const a = held(1, 10_000, { source: 'distribution', event: push('a', 'v1') }, new AbortController().signal);
    receive(a.message);
    await jest.advanceTimersByTimeAsync(WINDOW + 300);
    expect(a.settled).toEqual(['nak']);
  });

  it('gives an open window back to JetStream when the pin moves away', async () => {
    const { receive, published } = aggregatorWith(async () => undefined);
    const pin = new AbortController();
    const a = held(1, 10_000, { source: 'distribution', event: push('a', 'v1') }, pin.signal);
    receive(a.message);
    pin.abort();
    await jest.advanceTimersByTimeAsync(WINDOW + 300);
    expect(a.settled).toEqual(['nak']);
    expect(published).toEqual([]);
  });

  it('drops what is not a staged source event', () => {
    const { receive } = aggregatorWith(async () => undefined);
    const junk = held(1, 10_000, { source: 'distribution', event: { id: 1 } }, new AbortController().signal);
    receive(junk.message);
    expect(junk.settled).toEqual(['term']);
  });
});
