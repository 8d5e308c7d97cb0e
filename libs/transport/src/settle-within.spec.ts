import { settleWithin } from './settle-within';

describe('settleWithin', () => {
  it('is true at once for nothing, and when everything settles (rejections included) in time', async () => {
    await expect(settleWithin([], 0)).resolves.toBe(true);
    await expect(settleWithin([Promise.resolve(1), Promise.reject(new Error('x'))], 1000)).resolves.toBe(true);
  });

  it('is false when the time runs out first', async () => {
    const never = new Promise(() => undefined);
    const started = Date.now();
    await expect(settleWithin([Promise.resolve(), never], 50)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });
});
