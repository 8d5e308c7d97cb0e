import { Semaphore } from './semaphore';

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the size %p', (size) => {
    expect(() => new Semaphore(size)).toThrow(`semaphore size must be a positive integer, got ${size}`);
  });

  it('accepts a size of 1', () => {
    expect(new Semaphore(1).inUse).toBe(0);
  });

  it('hands out up to `size` slots at once', async () => {
    const s = new Semaphore(2);
    await s.acquire();
    await s.acquire();
    expect(s.inUse).toBe(2);
    s.release();
    expect(s.inUse).toBe(1);
    s.release();
    expect(s.inUse).toBe(0);
  });

  it('makes an acquire wait while every slot is taken', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    let got = false;
    const waiting = s.acquire().then(() => (got = true));
    await settle();
    expect(got).toBe(false);
    expect(s.inUse).toBe(1);
    s.release();
    await waiting;
    expect(got).toBe(true);
    // The slot went straight to the waiter.
    expect(s.inUse).toBe(1);
    s.release();
    expect(s.inUse).toBe(0);
  });

  it('serves waiters in arrival order, one per release', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const order: string[] = [];
    const waiters = ['a', 'b', 'c'].map((name) => s.acquire().then(() => order.push(name)));
    await settle();
    expect(order).toEqual([]);

    s.release();
    await settle();
    expect(order).toEqual(['a']);

    s.release();
    await settle();
    expect(order).toEqual(['a', 'b']);

    s.release();
    await Promise.all(waiters);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(s.inUse).toBe(1);
    s.release();
    expect(s.inUse).toBe(0);
  });

  it('lets a newcomer take a freed slot only when nobody waits', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const order: string[] = [];
    const first = s.acquire().then(() => order.push('waiter'));
    s.release();
    const second = s.acquire().then(() => order.push('newcomer'));
    await first;
    await settle();
    expect(order).toEqual(['waiter']);
    s.release();
    await second;
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('never has more than `size` holders under load', async () => {
    const s = new Semaphore(3);
    let holders = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await s.acquire();
        holders++;
        peak = Math.max(peak, holders);
        expect(s.inUse).toBeLessThanOrEqual(3);
        await settle();
        holders--;
        s.release();
      }),
    );
    expect(peak).toBe(3);
    expect(s.inUse).toBe(0);
  });
});
