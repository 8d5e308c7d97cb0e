import { retryDelayMs } from './retry-delay';

const SCHEDULE = [0, 5_000, 300_000, 1_800_000];
const exact = () => 0.5;

describe('retryDelayMs', () => {
  it.each([
    [1, 0],
    [2, 5_000],
    [3, 300_000],
    [4, 1_800_000],
  ])('gives retry %d the schedule entry %d (1-based) without jitter at random 0.5', (retry, delay) => {
    expect(retryDelayMs(SCHEDULE, retry, exact)).toBe(delay);
  });

  it('is undefined once the schedule is exhausted', () => {
    expect(retryDelayMs(SCHEDULE, 5, exact)).toBeUndefined();
    expect(retryDelayMs(SCHEDULE, 100, exact)).toBeUndefined();
  });

  it('is undefined for an empty schedule', () => {
    expect(retryDelayMs([], 1, exact)).toBeUndefined();
  });

  it('is undefined for retry 0, which is not a retry', () => {
    expect(retryDelayMs(SCHEDULE, 0, exact)).toBeUndefined();
  });

  it('takes 20% off at random 0', () => {
    expect(retryDelayMs(SCHEDULE, 2, () => 0)).toBe(4_000);
    expect(retryDelayMs(SCHEDULE, 3, () => 0)).toBe(240_000);
  });

  it('adds 20% at random 1', () => {
    expect(retryDelayMs(SCHEDULE, 2, () => 1)).toBe(6_000);
    expect(retryDelayMs(SCHEDULE, 3, () => 1)).toBe(360_000);
  });

  it('scales linearly in between', () => {
    expect(retryDelayMs([10_000], 1, () => 0.25)).toBe(9_000);
    expect(retryDelayMs([10_000], 1, () => 0.75)).toBe(11_000);
  });

  it('rounds to whole milliseconds', () => {
    expect(retryDelayMs([7], 1, () => 0.3)).toBe(Math.round(7 * 0.92));
    expect(Number.isInteger(retryDelayMs([333], 1, () => 0.123))).toBe(true);
  });

  it('keeps a zero delay at zero whatever the jitter', () => {
    expect(retryDelayMs(SCHEDULE, 1, () => 0)).toBe(0);
    expect(retryDelayMs(SCHEDULE, 1, () => 1)).toBe(0);
  });

  it('stays within 0.8x-1.2x with Math.random', () => {
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(SCHEDULE, 2)!;
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(6_000);
    }
  });

  it('uses Math.random by default', () => {
    const spy = jest.spyOn(Math, 'random').mockReturnValue(0);
    try {
      expect(retryDelayMs(SCHEDULE, 4)).toBe(1_440_000);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('does not call random once the schedule is exhausted', () => {
    const random = jest.fn(() => 0.5);
    expect(retryDelayMs(SCHEDULE, 9, random)).toBeUndefined();
    expect(random).not.toHaveBeenCalled();
  });
});
