import { LaneAppender } from './lane-appender';

describe('LaneAppender', () => {
  it('sends appends at once, in call order, without waiting for acks', async () => {
    const started: string[] = [];
    const acks: (() => void)[] = [];
    const appender = new LaneAppender((_subject, _data, id) => {
      started.push(id);
      return new Promise<void>((resolve) => acks.push(resolve));
    });
    const all = [
      appender.append('lane.a', new Uint8Array(), 'a1', 1),
      appender.append('lane.a', new Uint8Array(), 'a2', 2),
      appender.append('lane.b', new Uint8Array(), 'b1', 3),
    ];
    expect(started).toEqual(['a1', 'a2', 'b1']);
    acks.forEach((ack) => ack());
    await Promise.all(all);
    expect(appender.blocked).toBe(0);
  });

  it('refuses later appends to a lane whose append failed, until that one is made again', async () => {
    let failNext = true;
    const published: string[] = [];
    const appender = new LaneAppender((_s, _d, id) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('timeout'));
      }
      published.push(id);
      return Promise.resolve();
    });
    await expect(appender.append('lane', new Uint8Array(), 'e5', 5)).rejects.toThrow('timeout');
    await expect(appender.append('lane', new Uint8Array(), 'e6', 6)).rejects.toThrow('not in its lane yet');
    // Other lanes, and earlier events of this one, go on.
    await appender.append('other', new Uint8Array(), 'x7', 7);
    await appender.append('lane', new Uint8Array(), 'e4', 4);
    await appender.append('lane', new Uint8Array(), 'e5', 5);
    await appender.append('lane', new Uint8Array(), 'e6', 6);
    expect(published).toEqual(['x7', 'e4', 'e5', 'e6']);
    expect(appender.blocked).toBe(0);
  });
});
