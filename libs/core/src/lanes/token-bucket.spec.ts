import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces sends at the rate, queueing reservations', () => {
    const b = new TokenBucket(2, 2, 0);
    expect([b.reserve(0), b.reserve(0)]).toEqual([0, 0]);
    expect(b.reserve(0)).toBe(500);
    expect(b.reserve(0)).toBe(1000);
    expect(b.full(0)).toBe(false);
    expect(b.full(3000)).toBe(true);
  });

  it('refills with time, never above its burst', () => {
    const b = new TokenBucket(1, 1, 0);
    expect(b.reserve(0)).toBe(0);
    expect(b.reserve(10_000)).toBe(0);
    expect(b.reserve(10_000)).toBe(1000);
  });
});
