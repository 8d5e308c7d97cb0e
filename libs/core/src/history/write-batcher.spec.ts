import { WriteBatcher } from './write-batcher';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run without moving the fake clock. */
async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

type State = 'pending' | 'resolved' | 'rejected';

function track(p: Promise<void>): { state: State; error?: unknown } {
  const t: { state: State; error?: unknown } = { state: 'pending' };
  p.then(
    () => (t.state = 'resolved'),
    (e: unknown) => {
      t.state = 'rejected';
      t.error = e;
    },
  );
  return t;
}

describe('WriteBatcher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes nothing before intervalMs has passed', async () => {
    const write = jest.fn((_items: number[]) => Promise.resolve());
    const batcher = new WriteBatcher(write, 50, 100);
    void batcher.add(1);
    jest.advanceTimersByTime(49);
    await flushPromises();
    expect(write).not.toHaveBeenCalled();
  });

  it('flushes everything added within intervalMs as one batch', async () => {
    const write = jest.fn((_items: number[]) => Promise.resolve());
    const batcher = new WriteBatcher(write, 50, 100);
    const a = track(batcher.add(1));
    jest.advanceTimersByTime(20);
    const b = track(batcher.add(2));
    jest.advanceTimersByTime(20);
    const c = track(batcher.add(3));
    await flushPromises();
    expect(a.state).toBe('pending');

    // The interval counts from the first add of the batch.
    jest.advanceTimersByTime(10);
    await flushPromises();
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith([1, 2, 3]);
    expect([a.state, b.state, c.state]).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it('uses 10 ms by default', async () => {
    const write = jest.fn((_items: string[]) => Promise.resolve());
    const batcher = new WriteBatcher(write);
    void batcher.add('x');
    jest.advanceTimersByTime(9);
    await flushPromises();
    expect(write).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    await flushPromises();
    expect(write).toHaveBeenCalledWith(['x']);
  });

  it('flushes at once when maxBatch items are waiting', async () => {
    const write = jest.fn((_items: number[]) => Promise.resolve());
    const batcher = new WriteBatcher(write, 1000, 3);
    const first = [batcher.add(1), batcher.add(2)].map(track);
    await flushPromises();
    expect(write).not.toHaveBeenCalled();
    const third = track(batcher.add(3));
    await flushPromises();
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith([1, 2, 3]);
    expect([...first, third].map((t) => t.state)).toEqual(['resolved', 'resolved', 'resolved']);

    // The timer of the flushed batch is gone: nothing more is written when it would have fired.
    jest.advanceTimersByTime(1000);
    await flushPromises();
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('writes what arrived during a write as soon as that write completes', async () => {
    const gate = deferred();
    const write: jest.Mock<Promise<void>, [number[]]> = jest.fn((_items: number[]) =>
      write.mock.calls.length === 1 ? gate.promise : Promise.resolve(),
    );
    const batcher = new WriteBatcher(write, 100, 2, 1);
    void batcher.add(1);
    void batcher.add(2);
    const late = [batcher.add(3), batcher.add(4), batcher.add(5)].map(track);
    await flushPromises();
    expect(write).toHaveBeenCalledTimes(1);

    // No interval to wait for: the items have waited for the previous write already. Still at most maxBatch a write.
    gate.resolve();
    await flushPromises();
    await flushPromises();
    expect(write.mock.calls.map((c) => c[0])).toEqual([[1, 2], [3, 4], [5]]);
    expect(late.map((t) => t.state)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  describe('what arrived during a write', () => {
    function gatedFirstWrite() {
      const gate = deferred();
      const write: jest.Mock<Promise<void>, [number[]]> = jest.fn((_items: number[]) =>
        write.mock.calls.length === 1 ? gate.promise : Promise.resolve(),
      );
      return { gate, write };
    }

    it('waits, when fewer than minBatch, until its oldest item has waited intervalMs', async () => {
      const { gate, write } = gatedFirstWrite();
      const batcher = new WriteBatcher(write, 100, 500, 3);
      void batcher.add(1);
      jest.advanceTimersByTime(100);
      await flushPromises();
      expect(write).toHaveBeenCalledTimes(1);
      const late = track(batcher.add(2));
      jest.advanceTimersByTime(40);
      gate.resolve();
      await flushPromises();
      // 40 ms waited of 100: the remainder is not written on the heels of the previous write.
      expect(write).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(59);
      await flushPromises();
      expect(write).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1);
      await flushPromises();
      expect(write).toHaveBeenNthCalledWith(2, [2]);
      expect(late.state).toBe('resolved');
    });

    it('goes at once when it is minBatch items or more', async () => {
      const { gate, write } = gatedFirstWrite();
      const batcher = new WriteBatcher(write, 100, 500, 3);
      void batcher.add(1);
      jest.advanceTimersByTime(100);
      await flushPromises();
      const late = [batcher.add(2), batcher.add(3), batcher.add(4)].map(track);
      gate.resolve();
      await flushPromises();
      expect(write).toHaveBeenNthCalledWith(2, [2, 3, 4]);
      expect(late.map((t) => t.state)).toEqual(['resolved', 'resolved', 'resolved']);
    });

    it('goes at once when its oldest item waited intervalMs during the write', async () => {
      const { gate, write } = gatedFirstWrite();
      const batcher = new WriteBatcher(write, 100, 500, 3);
      void batcher.add(1);
      jest.advanceTimersByTime(100);
      await flushPromises();
      const late = track(batcher.add(2));
      jest.advanceTimersByTime(150);
      await flushPromises();
      expect(write).toHaveBeenCalledTimes(1);
      gate.resolve();
      await flushPromises();
      expect(write).toHaveBeenNthCalledWith(2, [2]);
      expect(late.state).toBe('resolved');
    });
  });

  it('starts a new interval for items added once the batcher is idle again', async () => {
    const write = jest.fn((_items: number[]) => Promise.resolve());
    const batcher = new WriteBatcher(write, 100, 2);
    void batcher.add(1);
    void batcher.add(2);
    await flushPromises();
    const late = track(batcher.add(3));
    await flushPromises();
    expect(write).toHaveBeenCalledTimes(1);
    expect(late.state).toBe('pending');
    jest.advanceTimersByTime(100);
    await flushPromises();
    expect(write).toHaveBeenNthCalledWith(2, [3]);
    expect(late.state).toBe('resolved');
  });

  it('resolves each add only after its batch is written', async () => {
    const gateA = deferred();
    const write = jest.fn((_items: number[]) => gateA.promise);
    const batcher = new WriteBatcher(write, 10, 100);
    const a = track(batcher.add(1));
    jest.advanceTimersByTime(10);
    await flushPromises();
    expect(write).toHaveBeenCalledTimes(1);
    expect(a.state).toBe('pending');
    gateA.resolve();
    await flushPromises();
    expect(a.state).toBe('resolved');
  });

  it('writes batches in order and never two at once', async () => {
    const gates = [deferred(), deferred(), deferred()];
    let inFlight = 0;
    let peak = 0;
    const calls: number[][] = [];
    const write = jest.fn(async (items: number[]) => {
      const gate = gates[calls.length];
      calls.push(items);
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await gate.promise;
      } finally {
        inFlight--;
      }
    });
    const batcher = new WriteBatcher(write, 10, 2, 1);
    const first = [batcher.add(1), batcher.add(2)].map(track);
    const second = [batcher.add(3), batcher.add(4)].map(track);
    const third = track(batcher.add(5));
    jest.advanceTimersByTime(10);
    await flushPromises();

    // Three batches are cut, but only the first is being written.
    expect(calls).toEqual([[1, 2]]);
    gates[0].resolve();
    await flushPromises();
    expect(first.map((t) => t.state)).toEqual(['resolved', 'resolved']);
    expect(second.map((t) => t.state)).toEqual(['pending', 'pending']);
    expect(calls).toEqual([
      [1, 2],
      [3, 4],
    ]);

    gates[1].resolve();
    await flushPromises();
    expect(second.map((t) => t.state)).toEqual(['resolved', 'resolved']);
    expect(calls).toEqual([[1, 2], [3, 4], [5]]);
    expect(third.state).toBe('pending');

    gates[2].resolve();
    await flushPromises();
    expect(third.state).toBe('resolved');
    expect(peak).toBe(1);
  });

  it("rejects a failed batch's promises only, and still writes later batches", async () => {
    const gates = [deferred(), deferred()];
    let call = 0;
    const write = jest.fn((_items: string[]) => gates[call++].promise);
    const batcher = new WriteBatcher(write, 10, 2);
    const failed = [batcher.add('a'), batcher.add('b')].map(track);
    const later = track(batcher.add('c'));
    jest.advanceTimersByTime(10);
    await flushPromises();

    const err = new Error('write failed');
    gates[0].reject(err);
    await flushPromises();
    expect(failed.map((t) => t.state)).toEqual(['rejected', 'rejected']);
    expect(failed.map((t) => t.error)).toEqual([err, err]);
    expect(later.state).toBe('pending');
    expect(write).toHaveBeenCalledTimes(2);
    expect(write).toHaveBeenLastCalledWith(['c']);

    gates[1].resolve();
    await flushPromises();
    expect(later.state).toBe('resolved');
  });

  it('rejects the batch when write throws synchronously', async () => {
    const err = new Error('sync failure');
    let fail = true;
    const write = jest.fn((_items: number[]) => {
      if (fail) throw err;
      return Promise.resolve();
    });
    const batcher = new WriteBatcher(write, 10, 100);
    const a = track(batcher.add(1));
    jest.advanceTimersByTime(10);
    await flushPromises();
    expect(a.state).toBe('rejected');
    expect(a.error).toBe(err);

    fail = false;
    const b = track(batcher.add(2));
    jest.advanceTimersByTime(10);
    await flushPromises();
    expect(b.state).toBe('resolved');
    expect(write).toHaveBeenLastCalledWith([2]);
  });

  describe('drain', () => {
    it('writes what is pending without waiting for the interval', async () => {
      const write = jest.fn((_items: number[]) => Promise.resolve());
      const batcher = new WriteBatcher(write, 10_000, 100);
      const a = track(batcher.add(1));
      const b = track(batcher.add(2));
      await batcher.drain();
      expect(write).toHaveBeenCalledWith([1, 2]);
      await flushPromises();
      expect([a.state, b.state]).toEqual(['resolved', 'resolved']);

      // The interval timer was cancelled.
      jest.advanceTimersByTime(10_000);
      await flushPromises();
      expect(write).toHaveBeenCalledTimes(1);
    });

    it('waits for a write already in flight', async () => {
      const gate = deferred();
      const write = jest.fn((_items: number[]) => gate.promise);
      const batcher = new WriteBatcher(write, 10, 100);
      void batcher.add(1);
      jest.advanceTimersByTime(10);
      await flushPromises();
      let drained = false;
      const d = batcher.drain().then(() => (drained = true));
      await flushPromises();
      expect(drained).toBe(false);
      gate.resolve();
      await d;
      expect(drained).toBe(true);
      expect(write).toHaveBeenCalledTimes(1);
    });

    it('waits for earlier batches and the pending one, in order', async () => {
      const gate = deferred();
      const calls: number[][] = [];
      const write = jest.fn((items: number[]) => {
        calls.push(items);
        return calls.length === 1 ? gate.promise : Promise.resolve();
      });
      const batcher = new WriteBatcher(write, 10, 100);
      void batcher.add(1);
      jest.advanceTimersByTime(10);
      await flushPromises();
      const late = track(batcher.add(2));
      const d = batcher.drain();
      await flushPromises();
      expect(calls).toEqual([[1]]);
      gate.resolve();
      await d;
      expect(calls).toEqual([[1], [2]]);
      await flushPromises();
      expect(late.state).toBe('resolved');
    });

    it('resolves at once with nothing pending and writes nothing', async () => {
      const write = jest.fn((_items: number[]) => Promise.resolve());
      const batcher = new WriteBatcher(write);
      await expect(batcher.drain()).resolves.toBeUndefined();
      expect(write).not.toHaveBeenCalled();
    });

    it('resolves even when the drained batch fails (the adds carry the error)', async () => {
      const err = new Error('down');
      const write = jest.fn((_items: number[]) => Promise.reject(err));
      const batcher = new WriteBatcher(write, 10, 100);
      const a = track(batcher.add(1));
      await expect(batcher.drain()).resolves.toBeUndefined();
      await flushPromises();
      expect(a.state).toBe('rejected');
      expect(a.error).toBe(err);
    });
  });
});
