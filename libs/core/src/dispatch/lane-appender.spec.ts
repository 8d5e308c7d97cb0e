import { LaneAppender } from './lane-appender';

const live = () => new AbortController();

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
    const a1 = appender.append('lane.a', new Uint8Array(), 'a1', s, true);
    const a2 = appender.append('lane.a', new Uint8Array(), 'a2', s, true);
    const b1 = appender.append('lane.b', new Uint8Array(), 'b1', s, true);
    const u1 = appender.append('lane.u', new Uint8Array(), 'u1', s, false);
    const u2 = appender.append('lane.u', new Uint8Array(), 'u2', s, false);
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
      appender.append('lane', new Uint8Array(), 'e1', s, true),
      appender.append('lane', new Uint8Array(), 'e2', s, true),
    ]);
    expect(published).toEqual(['e1', 'e2']);
  });

  it('gives up once the dispatching session ends, and so do the appends waiting behind it', async () => {
    const session = live();
    const appender = new LaneAppender({ publish: () => Promise.reject(new Error('timeout')) });
    const first = appender.append('lane', new Uint8Array(), 'e1', session.signal, true);
    const second = appender.append('lane', new Uint8Array(), 'e2', session.signal, true);
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
    const all = ['a1', 'a2', 'b1', 'a3'].map((id) => appender.append(`lane.${id[0]}`, data, id, s, true));
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
    const all = ['e1', 'e2', 'e3'].map((id) => appender.append('lane', data, id, s, true));
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
      ['a1', 'b1', 'a2'].map((id) => appender.append(`lane.${id[0]}`, data, id, session.signal, true)),
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
  const all = ['e1', 'e2', 'e3'].map((id) => appender.append('lane', new Uint8Array(), id, s, true));
  await new Promise((r) => setImmediate(r));
  first();
  await Promise.all(all);
  expect(sent).toEqual(['e1', 'e2', 'e3']);
});
