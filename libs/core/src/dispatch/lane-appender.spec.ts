import { LaneAppender } from './lane-appender';

const live = () => new AbortController();

describe('LaneAppender', () => {
  it('sends a strict lane one append after the other, unordered ones and other lanes at once', async () => {
    const started: string[] = [];
    const acks = new Map<string, () => void>();
    const appender = new LaneAppender((_subject, _data, id) => {
      started.push(id);
      return new Promise<void>((resolve) => acks.set(id, resolve));
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
    const appender = new LaneAppender((_s, _d, id) => {
      if (id === 'e1' && failures-- > 0) return Promise.reject(new Error('no responders'));
      published.push(id);
      return Promise.resolve();
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
    const appender = new LaneAppender(() => Promise.reject(new Error('timeout')));
    const first = appender.append('lane', new Uint8Array(), 'e1', session.signal, true);
    const second = appender.append('lane', new Uint8Array(), 'e2', session.signal, true);
    session.abort();
    await expect(first).rejects.toThrow('timeout');
    await expect(second).rejects.toThrow('timeout');
    await new Promise((r) => setImmediate(r));
    expect(appender.size).toBe(0);
  });
});
