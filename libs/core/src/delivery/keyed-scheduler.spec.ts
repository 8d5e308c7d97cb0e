import { KeyedScheduler } from './keyed-scheduler';

interface Gate {
  promise: Promise<void>;
  open: () => void;
  fail: (err: Error) => void;
}

function gate(): Gate {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records which jobs started, and lets the test finish each one when it likes. */
class Jobs {
  readonly started: string[] = [];
  private readonly gates = new Map<string, Gate>();

  job(name: string): () => Promise<void> {
    const g = gate();
    this.gates.set(name, g);
    return () => {
      this.started.push(name);
      return g.promise;
    };
  }

  finish(name: string): void {
    this.gates.get(name)!.open();
  }

  fail(name: string, err: Error): void {
    this.gates.get(name)!.fail(err);
  }
}

describe('KeyedScheduler', () => {
  it('runs a job and resolves when it is done', async () => {
    const scheduler = new KeyedScheduler(2);
    const jobs = new Jobs();
    let done = false;
    const p = scheduler.run('a', jobs.job('a1')).then(() => (done = true));
    await settle();
    expect(jobs.started).toEqual(['a1']);
    expect(scheduler.active).toBe(1);
    expect(done).toBe(false);
    jobs.finish('a1');
    await p;
    expect(done).toBe(true);
    expect(scheduler.active).toBe(0);
  });

  it('runs at most `concurrency` jobs at once', async () => {
    const scheduler = new KeyedScheduler(2);
    const jobs = new Jobs();
    const all = ['a', 'b', 'c', 'd'].map((k) => scheduler.run(k, jobs.job(k)));
    await settle();
    expect(jobs.started).toEqual(['a', 'b']);
    expect(scheduler.active).toBe(2);

    jobs.finish('a');
    await settle();
    expect(jobs.started).toEqual(['a', 'b', 'c']);
    expect(scheduler.active).toBe(2);

    jobs.finish('b');
    jobs.finish('c');
    await settle();
    expect(jobs.started).toEqual(['a', 'b', 'c', 'd']);
    expect(scheduler.active).toBe(1);

    jobs.finish('d');
    await Promise.all(all);
    expect(scheduler.active).toBe(0);
  });

  it('runs one job at a time per key, in arrival order', async () => {
    const scheduler = new KeyedScheduler(10);
    const jobs = new Jobs();
    const all = ['k1', 'k2', 'k3'].map((name) => scheduler.run('k', jobs.job(name)));
    await settle();
    expect(jobs.started).toEqual(['k1']);
    expect(scheduler.active).toBe(1);
    expect(scheduler.backlog('k')).toBe(2);

    jobs.finish('k1');
    await settle();
    expect(jobs.started).toEqual(['k1', 'k2']);
    expect(scheduler.backlog('k')).toBe(1);

    jobs.finish('k2');
    await settle();
    expect(jobs.started).toEqual(['k1', 'k2', 'k3']);
    expect(scheduler.backlog('k')).toBe(0);

    jobs.finish('k3');
    await Promise.all(all);
  });

  it('runs different keys in parallel while one key waits', async () => {
    const scheduler = new KeyedScheduler(3);
    const jobs = new Jobs();
    const all = [
      scheduler.run('a', jobs.job('a1')),
      scheduler.run('a', jobs.job('a2')),
      scheduler.run('b', jobs.job('b1')),
      scheduler.run('c', jobs.job('c1')),
    ];
    await settle();
    expect(jobs.started).toEqual(['a1', 'b1', 'c1']);
    expect(scheduler.active).toBe(3);
    expect(scheduler.backlog('a')).toBe(1);

    // b finishing frees a slot, but a2 still waits for a1.
    jobs.finish('b1');
    await settle();
    expect(jobs.started).toEqual(['a1', 'b1', 'c1']);
    expect(scheduler.active).toBe(2);

    jobs.finish('a1');
    await settle();
    expect(jobs.started).toEqual(['a1', 'b1', 'c1', 'a2']);

    jobs.finish('a2');
    jobs.finish('c1');
    await Promise.all(all);
    expect(scheduler.active).toBe(0);
  });

  it('gives a slow key one slot, not all of them', async () => {
    const scheduler = new KeyedScheduler(2);
    const jobs = new Jobs();
    const all = [
      scheduler.run('slow', jobs.job('s1')),
      scheduler.run('slow', jobs.job('s2')),
      scheduler.run('slow', jobs.job('s3')),
      scheduler.run('fast', jobs.job('f1')),
      scheduler.run('fast', jobs.job('f2')),
    ];
    await settle();
    expect(jobs.started).toEqual(['s1', 'f1']);
    jobs.finish('f1');
    await settle();
    expect(jobs.started).toEqual(['s1', 'f1', 'f2']);
    jobs.finish('f2');
    await settle();
    expect(scheduler.active).toBe(1);
    expect(scheduler.backlog('slow')).toBe(2);
    expect(scheduler.backlog('fast')).toBe(0);

    jobs.finish('s1');
    await settle();
    jobs.finish('s2');
    await settle();
    jobs.finish('s3');
    await Promise.all(all);
    expect(jobs.started).toEqual(['s1', 'f1', 'f2', 's2', 's3']);
  });

  it('serves keys that became ready in the order they became ready', async () => {
    const scheduler = new KeyedScheduler(1);
    const jobs = new Jobs();
    const all = [
      scheduler.run('a', jobs.job('a1')),
      scheduler.run('b', jobs.job('b1')),
      scheduler.run('a', jobs.job('a2')),
      scheduler.run('c', jobs.job('c1')),
    ];
    await settle();
    expect(jobs.started).toEqual(['a1']);
    jobs.finish('a1');
    await settle();
    jobs.finish('b1');
    await settle();
    jobs.finish('c1');
    await settle();
    jobs.finish('a2');
    await Promise.all(all);
    // a went back in line behind b and c when a1 finished.
    expect(jobs.started).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('queues a job for a key whose running job was its last one', async () => {
    const scheduler = new KeyedScheduler(5);
    const jobs = new Jobs();
    const first = scheduler.run('a', jobs.job('a1'));
    await settle();
    expect(scheduler.backlog('a')).toBe(0);
    const second = scheduler.run('a', jobs.job('a2'));
    await settle();
    expect(jobs.started).toEqual(['a1']);
    expect(scheduler.backlog('a')).toBe(1);
    jobs.finish('a1');
    await first;
    await settle();
    expect(jobs.started).toEqual(['a1', 'a2']);
    jobs.finish('a2');
    await second;
  });

  it('counts waiting jobs per key in backlog, not the running one', async () => {
    const scheduler = new KeyedScheduler(1);
    const jobs = new Jobs();
    expect(scheduler.backlog('a')).toBe(0);
    const all = [
      scheduler.run('a', jobs.job('a1')),
      scheduler.run('b', jobs.job('b1')),
      scheduler.run('b', jobs.job('b2')),
      scheduler.run('a', jobs.job('a2')),
    ];
    await settle();
    expect(scheduler.backlog('a')).toBe(1);
    // b has not started at all: both of its jobs wait.
    expect(scheduler.backlog('b')).toBe(2);
    expect(scheduler.backlog('unknown')).toBe(0);
    jobs.finish('a1');
    await settle();
    jobs.finish('b1');
    await settle();
    jobs.finish('a2');
    await settle();
    jobs.finish('b2');
    await Promise.all(all);
    expect(scheduler.backlog('a')).toBe(0);
    expect(scheduler.backlog('b')).toBe(0);
  });

  it("rejects a failed job's own promise only, and keeps going", async () => {
    const scheduler = new KeyedScheduler(1);
    const jobs = new Jobs();
    const a1 = scheduler.run('a', jobs.job('a1'));
    const a2 = scheduler.run('a', jobs.job('a2'));
    const b1 = scheduler.run('b', jobs.job('b1'));
    const a1Result = a1.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await settle();
    jobs.fail('a1', new Error('boom'));
    await expect(a1Result).resolves.toBe('boom');
    await settle();
    expect(jobs.started).toEqual(['a1', 'b1']);
    expect(scheduler.active).toBe(1);
    jobs.finish('b1');
    await expect(b1).resolves.toBeUndefined();
    await settle();
    expect(jobs.started).toEqual(['a1', 'b1', 'a2']);
    jobs.finish('a2');
    await expect(a2).resolves.toBeUndefined();
    expect(scheduler.active).toBe(0);
  });

  it('gives a slot back when a job fails', async () => {
    const scheduler = new KeyedScheduler(1);
    const failures = await Promise.allSettled([
      scheduler.run('a', () => Promise.reject(new Error('one'))),
      scheduler.run('b', () => Promise.reject(new Error('two'))),
      scheduler.run('c', () => Promise.resolve()),
    ]);
    expect(failures.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((failures[1] as PromiseRejectedResult).reason).toEqual(new Error('two'));
    expect(scheduler.active).toBe(0);
  });

  it('runs many jobs to completion with the per-key order kept', async () => {
    const scheduler = new KeyedScheduler(3);
    const order = new Map<string, number[]>();
    let peak = 0;
    let running = 0;
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      const key = `k${i % 7}`;
      runs.push(
        scheduler.run(key, async () => {
          running++;
          peak = Math.max(peak, running);
          await settle();
          order.set(key, [...(order.get(key) ?? []), i]);
          running--;
        }),
      );
    }
    await Promise.all(runs);
    expect(peak).toBe(3);
    for (const [key, seen] of order) {
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(seen.every((i) => `k${i % 7}` === key)).toBe(true);
    }
    expect([...order.values()].flat()).toHaveLength(60);
    expect(scheduler.active).toBe(0);
  });
});

describe('KeyedScheduler regressions', () => {
  it('a job that throws synchronously rejects its own promise and frees its slot', async () => {
    const scheduler = new KeyedScheduler(1);
    const failing = scheduler.run('a', () => {
      throw new Error('sync');
    });
    await expect(failing).rejects.toThrow('sync');
    let ran = false;
    await scheduler.run('b', async () => {
      ran = true;
    });
    // With one slot, b could only run if a's slot was given back.
    expect(ran).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(scheduler.active).toBe(0);
  });
});
