import { LaneAppender } from './lane-appender';

function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

describe('LaneAppender', () => {
  it('publishes to one lane one after the other, in order, and to different lanes at once', async () => {
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const appender = new LaneAppender((subject, _data, id) => {
      started.push(id);
      const g = gate();
      gates.set(id, g);
      return g.promise;
    });
    const a1 = appender.append('lane.a', new Uint8Array(), 'a1', 1);
    const a2 = appender.append('lane.a', new Uint8Array(), 'a2', 2);
    const b1 = appender.append('lane.b', new Uint8Array(), 'b1', 3);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a1', 'b1']);
    gates.get('a1')!.open();
    await a1;
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a1', 'b1', 'a2']);
    gates.get('a2')!.open();
    gates.get('b1')!.open();
    await Promise.all([a2, b1]);
    expect(appender.size).toBe(0);
  });

  it('fails what follows a failed append until the failed one is appended again', async () => {
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
    const first = appender.append('lane', new Uint8Array(), 'e5', 5);
    const second = appender.append('lane', new Uint8Array(), 'e6', 6);
    await expect(first).rejects.toThrow('timeout');
    await expect(second).rejects.toThrow('not in its lane yet');
    // A newer event arriving before the redelivery of e5 is refused too; earlier ones pass.
    await expect(appender.append('lane', new Uint8Array(), 'e7', 7)).rejects.toThrow('not in its lane yet');
    await appender.append('lane', new Uint8Array(), 'e4', 4);
    await appender.append('lane', new Uint8Array(), 'e5', 5);
    await appender.append('lane', new Uint8Array(), 'e6', 6);
    expect(published).toEqual(['e4', 'e5', 'e6']);
  });
});
