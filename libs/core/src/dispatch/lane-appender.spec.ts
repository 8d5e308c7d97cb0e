import { LaneAppender } from './lane-appender';

const live = () => new AbortController();
const item = (data: Uint8Array, msgID: string) => ({ msgID, encode: () => data });

/** A direct ticket whose promises the test settles. */
function ticket() {
  const t = {} as { release(): void; unrelease(e: Error): void; conclude(): void; fail(e: Error): void };
  const released = new Promise<void>((res, rej) => ((t.release = res), (t.unrelease = rej)));
  const concluded = new Promise<void>((res, rej) => ((t.conclude = res), (t.fail = rej)));
  released.catch(() => undefined);
  concluded.catch(() => undefined);
  return { ...t, ticket: { released, concluded } };
}

describe('LaneAppender', () => {
  it('sends a strict lane one append after the other, unordered ones and other lanes at once', async () => {
    const started: string[] = [];
    const acks = new Map<string, () => void>();
    const appender = new LaneAppender({
      publish: (_subject, _data, id) => {
        started.push(id);
        return new Promise<void>((resolve) => acks.set(id, resolve));
      },
    });
    const s = live().signal;
    const a1 = appender.append('lane.a', item(new Uint8Array(), 'a1'), s, true);
    const a2 = appender.append('lane.a', item(new Uint8Array(), 'a2'), s, true);
    const b1 = appender.append('lane.b', item(new Uint8Array(), 'b1'), s, true);
    const u1 = appender.append('lane.u', item(new Uint8Array(), 'u1'), s, false);
    const u2 = appender.append('lane.u', item(new Uint8Array(), 'u2'), s, false);
    await new Promise((r) => setImmediate(r));
    expect(started.sort()).toEqual(['a1', 'b1', 'u1', 'u2']);
    acks.get('a1')!();
    await a1;
    await new Promise((r) => setImmediate(r));
    expect(started).toContain('a2');
    for (const ack of acks.values()) ack();
    acks.get('a2')!();
    await Promise.all([a2, b1, u1, u2]);
    expect(appender.size).toBe(0);
  });

  it('tries a failed append again in place, with the lane waiting behind it', async () => {
    let failures = 2;
    const published: string[] = [];
    const appender = new LaneAppender({
      publish: (_s, _d, id) => {
        if (id === 'e1' && failures-- > 0) return Promise.reject(new Error('no responders'));
        published.push(id);
        return Promise.resolve();
      },
    });
    const s = live().signal;
    await Promise.all([
      appender.append('lane', item(new Uint8Array(), 'e1'), s, true),
      appender.append('lane', item(new Uint8Array(), 'e2'), s, true),
    ]);
    expect(published).toEqual(['e1', 'e2']);
  });

  it('gives up once the dispatching session ends, and so do the appends waiting behind it', async () => {
    const session = live();
    const appender = new LaneAppender({ publish: () => Promise.reject(new Error('timeout')) });
    const first = appender.append('lane', item(new Uint8Array(), 'e1'), session.signal, true);
    const second = appender.append('lane', item(new Uint8Array(), 'e2'), session.signal, true);
    session.abort();
    await expect(first).rejects.toThrow('timeout');
    await expect(second).rejects.toThrow('timeout');
    await new Promise((r) => setImmediate(r));
    expect(appender.size).toBe(0);
  });
});

describe('LaneAppender with atomic batches', () => {
  const data = new Uint8Array();

  it("sends an idle lane's append alone, and what queued behind it as one batch once it is stored", async () => {
    const sent: string[][] = [];
    const stored: (() => void)[] = [];
    const pending = (ids: string[]) => {
      sent.push(ids);
      return new Promise<void>((resolve) => stored.push(resolve));
    };
    const appender = new LaneAppender(
      {
        publish: (_s, _d, id) => pending([id]),
        publishBatch: (items) => pending(items.map((i) => i.msgID)),
      },
      2,
    );
    const s = live().signal;
    const all = ['a1', 'a2', 'b1', 'a3'].map((id) => appender.append(`lane.${id[0]}`, item(data, id), s, true));
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([['a1'], ['b1']]);
    stored[0]();
    await all[0];
    await new Promise((r) => setImmediate(r));
    // A later batch can never be stored before an earlier append of its lane.
    expect(sent[2]).toEqual(['a2', 'a3']);
    for (const done of stored) done();
    stored[2]();
    await Promise.all(all);
    await new Promise((r) => setImmediate(r));
    expect(appender.size).toBe(0);
  });

  it('sends a refused batch again one message at a time, in order, so ids already stored are de-duplicated', async () => {
    const singles: string[] = [];
    let first!: () => void;
    const appender = new LaneAppender(
      {
        publish: (_s, _d, id) => {
          singles.push(id);
          return id === 'e1' ? new Promise<void>((resolve) => (first = resolve)) : Promise.resolve();
        },
        publishBatch: () => Promise.reject(new Error('batch contains duplicate message id')),
      },
      2,
    );
    const s = live().signal;
    const all = ['e1', 'e2', 'e3'].map((id) => appender.append('lane', item(data, id), s, true));
    await new Promise((r) => setImmediate(r));
    first();
    await Promise.all(all);
    expect(singles).toEqual(['e1', 'e2', 'e3']);
  });

  it("once a lane's append gives up, its later appends give up too and other lanes' go on", async () => {
    const session = live();
    const stored: string[] = [];
    const appender = new LaneAppender(
      {
        publish: (_s, _d, id) => {
          if (id === 'a1') {
            session.abort();
            return Promise.reject(new Error('timeout'));
          }
          stored.push(id);
          return Promise.resolve();
        },
        publishBatch: () => Promise.reject(new Error('timeout')),
      },
      2,
    );
    const results = await Promise.allSettled(
      ['a1', 'b1', 'a2'].map((id) => appender.append(`lane.${id[0]}`, item(data, id), session.signal, true)),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(stored).toEqual(['b1']);
  });
});

it('sends a short queue one append at a time: a batch costs the server more than a few publishes', async () => {
  const sent: string[] = [];
  let first!: () => void;
  const appender = new LaneAppender({
    publish: (_s, _d, id) => {
      sent.push(id);
      return id === 'e1' ? new Promise<void>((resolve) => (first = resolve)) : Promise.resolve();
    },
    publishBatch: () => Promise.reject(new Error('not for a short queue')),
  });
  const s = new AbortController().signal;
  const all = ['e1', 'e2', 'e3'].map((id) => appender.append('lane', item(new Uint8Array(), id), s, true));
  await new Promise((r) => setImmediate(r));
  first();
  await Promise.all(all);
  expect(sent).toEqual(['e1', 'e2', 'e3']);
});

describe('LaneAppender with direct deliveries', () => {
  it('stores nothing of a strict lane behind a direct delivery until it is released, then tries the next directly', async () => {
    const published: string[] = [];
    const appender = new LaneAppender({
      publish: (_s, _d, id) => {
        published.push(id);
        return Promise.resolve();
      },
    });
    const s = live().signal;
    const first = ticket();
    const second = ticket();
    const offers: string[] = [];
    const d1 = appender.append(
      'lane',
      { ...item(new Uint8Array(), 'e1'), direct: () => (offers.push('e1'), first.ticket) },
      s,
      true,
    );
    const a2 = appender.append(
      'lane',
      { ...item(new Uint8Array(), 'e2'), direct: () => (offers.push('e2'), undefined) },
      s,
      true,
    );
    const d3 = appender.append(
      'lane',
      { ...item(new Uint8Array(), 'e3'), direct: () => (offers.push('e3'), second.ticket) },
      s,
      true,
    );
    await new Promise((r) => setImmediate(r));
    expect(offers).toEqual(['e1']);
    expect(published).toEqual([]);
    first.release();
    await a2;
    // e2 was declined and stored; e3 follows it into the stream rather than being offered ahead of it.
    expect(offers).toEqual(['e1', 'e2']);
    await d3;
    expect(published).toEqual(['e2', 'e3']);
    // The direct one's event concludes when its outcome does, not when the lane moves on.
    let done = false;
    void d1.then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    first.conclude();
    await d1;
  });

  it('fails the lane behind a direct delivery whose trip to the stream failed', async () => {
    const appender = new LaneAppender({ publish: () => Promise.resolve() });
    const s = live().signal;
    const t = ticket();
    const d1 = appender.append('lane', { ...item(new Uint8Array(), 'e1'), direct: () => t.ticket }, s, true);
    const a2 = appender.append('lane', item(new Uint8Array(), 'e2'), s, true);
    t.unrelease(new Error('stream unreachable'));
    t.fail(new Error('stream unreachable'));
    await expect(d1).rejects.toThrow('stream unreachable');
    await expect(a2).rejects.toThrow('stream unreachable');
  });

  it('takes an unordered delivery directly at once, whatever its lane holds', async () => {
    const published: string[] = [];
    const appender = new LaneAppender({
      publish: (_s, _d, id) => (published.push(id), Promise.resolve()),
    });
    const s = live().signal;
    const t = ticket();
    const d1 = appender.append('lane', { ...item(new Uint8Array(), 'u1'), direct: () => t.ticket }, s, false);
    await appender.append('lane', item(new Uint8Array(), 'u2'), s, false);
    expect(published).toEqual(['u2']);
    t.conclude();
    await d1;
  });
});
