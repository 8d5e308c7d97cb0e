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
    expect(started).toEqual(['u1', 'u2', 'a1', 'b1']);
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

  it('sends what waits as one batch, and the next batch only once that one is stored', async () => {
    const batches: string[][] = [];
    const commits: (() => void)[] = [];
    const appender = new LaneAppender({
      publish: () => Promise.reject(new Error('not used')),
      publishBatch: (items) => {
        batches.push(items.map((i) => i.msgID));
        return new Promise<void>((resolve) => commits.push(resolve));
      },
    });
    const s = live().signal;
    const first = ['a1', 'b1', 'a2'].map((id) => appender.append(`lane.${id[0]}`, data, id, s, true));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([['a1', 'b1', 'a2']]);
    const second = ['a3', 'u1'].map((id) => appender.append(`lane.${id[0]}`, data, id, s, id !== 'u1'));
    await new Promise((r) => setImmediate(r));
    // One batch in flight at a time: a later one can never be stored before an earlier one.
    expect(batches).toHaveLength(1);
    commits[0]();
    await Promise.all(first);
    await new Promise((r) => setImmediate(r));
    expect(batches[1]).toEqual(['a3', 'u1']);
    commits[1]();
    await Promise.all(second);
    await new Promise((r) => setImmediate(r));
    expect(appender.size).toBe(0);
  });

  it('sends a refused batch again one message at a time, in order, so ids already stored are de-duplicated', async () => {
    const singles: string[] = [];
    const appender = new LaneAppender({
      publish: (_s, _d, id) => {
        singles.push(id);
        return Promise.resolve();
      },
      publishBatch: () => Promise.reject(new Error('batch contains duplicate message id')),
    });
    const s = live().signal;
    await Promise.all(['e1', 'e2', 'e3'].map((id) => appender.append('lane', data, id, s, true)));
    expect(singles).toEqual(['e1', 'e2', 'e3']);
  });

  it("once a lane's append gives up, its later appends give up too and other lanes' go on", async () => {
    const session = live();
    const stored: string[] = [];
    const appender = new LaneAppender({
      publish: (_s, _d, id) => {
        if (id === 'a1') {
          session.abort();
          return Promise.reject(new Error('timeout'));
        }
        stored.push(id);
        return Promise.resolve();
      },
      publishBatch: () => Promise.reject(new Error('timeout')),
    });
    const results = await Promise.allSettled(
      ['a1', 'b1', 'a2'].map((id) => appender.append(`lane.${id[0]}`, data, id, session.signal, true)),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(stored).toEqual(['b1']);
  });
});
