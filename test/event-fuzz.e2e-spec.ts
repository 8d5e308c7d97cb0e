import * as fc from 'fast-check';
import { JsMsg } from 'nats';
import { EVENT_CATALOGUE, EVENT_KINDS, EventKind, parseEventJson } from '@herald/events';
import { DEAD_LETTER_STREAM, DISPATCHER_DURABLE, EVENTS_STREAM, HEADER_ORIGINAL_MSG_ID } from '@herald/transport';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { insertNotification } from './support/notifications.fixture';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const REPO = 'fuzz/repository';
const EVENTS = 300;
const SEED = 20261202;

interface Mutant {
  id: string;
  kind: EventKind;
  bytes: Buffer;
}

/** A value to put somewhere in a seed payload: wrong types, nulls, huge strings, unicode, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 3 }).map((mb) => 'x'.repeat(mb * 400_000)),
  fc.integer({ min: 10, max: 3000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** Every path to a value in the object, so a mutation can land on any field, nested ones included. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function setAt(root: Record<string, unknown>, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return root;
}

/** A seed payload (the guide's samples, on the fuzz repository) with one field replaced, removed or added, or its
 * bytes damaged: cut short, or made invalid UTF-8. */
const mutant: fc.Arbitrary<Omit<Mutant, 'id'>> = fc
  .record({
    kind: fc.constantFrom(...EVENT_KINDS),
    pick: fc.nat(),
    op: fc.constantFrom('replace', 'remove', 'add', 'truncate', 'bad-utf8', 'none'),
    value: hostileValue,
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ kind, pick, op, value, cut }) => {
    const payload = { ...structuredClone(EVENT_CATALOGUE[kind].sample), repository: REPO } as Record<string, unknown>;
    const paths = pathsOf(payload).filter((p) => p.length > 0);
    const path = paths[pick % paths.length];
    let data: unknown = payload;
    if (op === 'replace') data = setAt(payload, path, value);
    if (op === 'remove') {
      const parent = path.slice(0, -1).reduce<Record<string, unknown>>((n, k) => n[k] as never, payload);
      delete parent[path[path.length - 1]];
    }
    if (op === 'add') data = setAt(payload, [...path.slice(0, -1), `extra_${pick % 7}`], value);
    let bytes = Buffer.from(JSON.stringify(data) ?? 'null');
    if (op === 'truncate') bytes = bytes.subarray(0, Math.floor(bytes.length * cut));
    if (op === 'bad-utf8')
      bytes = Buffer.concat([bytes.subarray(0, 20), Buffer.from([0xff, 0xfe]), bytes.subarray(20)]);
    return { kind, bytes };
  });

/**
 * Every published event ends either delivered (valid, for the fuzz repository) or dead-lettered (invalid), exactly as
 * the catalogue's own validation classifies it, and the dispatcher is left with nothing pending or redelivered.
 */
describe('every mutated event is handled or dead-lettered, none is stuck or looped', () => {
  let env: TestEnvironment;
  let sink: HttpSink;
  let herald: HeraldProcess;

  beforeAll(async () => {
    env = await openTestEnvironment('event-fuzz');
    sink = await HttpSink.start();
    for (const event of EVENT_KINDS) {
      await insertNotification(env.db, { repository: REPO, event, method: 'webhook', config: { url: sink.url } });
    }
    herald = await startHerald({ ...env.heraldEnv, HERALD_EVENT_MAX_BYTES: String(1024 * 1024) });
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  it(`classifies ${EVENTS} mutated seed payloads as the catalogue does`, async () => {
    const mutants: Mutant[] = fc
      .sample(mutant, { numRuns: EVENTS, seed: SEED })
      .map((m, i) => ({ ...m, id: `fuzz-${i}` }));
    const limit = 1024 * 1024;
    const expectDelivered = new Set<string>();
    const expectParked = new Set<string>();
    const js = env.nc.jetstream();
    for (const m of mutants) {
      // What the catalogue says; payloads over NATS's own max_payload never reach Herald and are not published.
      if (m.bytes.length > limit - 1024) continue;
      const verdict = parseEventJson(m.kind, m.bytes);
      const forFuzzRepo = verdict.ok && verdict.payload.repository === REPO;
      if (!verdict.ok) expectParked.add(m.id);
      else if (forFuzzRepo) expectDelivered.add(m.id);
      await js.publish(`registry.events.${m.kind}`, m.bytes, { msgID: m.id });
    }
    await sink.waitFor(expectDelivered.size, 60_000);

    const parked = new Set<string>();
    const consumer = await js.consumers.get(DEAD_LETTER_STREAM);
    const deadline = Date.now() + 30_000;
    while (parked.size < expectParked.size && Date.now() < deadline) {
      const msg: JsMsg | null = await consumer.next({ expires: 1000 });
      const id = msg?.headers?.get(HEADER_ORIGINAL_MSG_ID);
      if (id) parked.add(id);
    }
    const delivered = new Set(sink.requests.map((r) => String(r.headers['x-herald-delivery']).split(':')[0]));
    const jsm = await env.nc.jetstreamManager();
    const dispatcher = await jsm.consumers.info(EVENTS_STREAM, DISPATCHER_DURABLE);
    console.log(
      `event fuzz: ${mutants.length} generated, ${expectDelivered.size + expectParked.size} classified, ` +
        `${delivered.size} delivered, ${parked.size} dead-lettered, ${dispatcher.num_redelivered} redelivered`,
    );
    expect([...parked].sort()).toEqual([...expectParked].sort());
    expect([...delivered].sort()).toEqual([...expectDelivered].sort());
    expect(expectParked.size).toBeGreaterThan(EVENTS / 4);
    expect(expectDelivered.size).toBeGreaterThan(EVENTS / 10);
    expect(dispatcher).toMatchObject({ num_pending: 0, num_ack_pending: 0, num_redelivered: 0 });
  });
});
