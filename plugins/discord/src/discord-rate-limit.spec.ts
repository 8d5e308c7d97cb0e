import { discordOutcome } from './discord-rate-limit';

const res = (status: number, body: string, retryAfter?: string) => ({
  status,
  body,
  headers: retryAfter ? { 'retry-after': retryAfter } : {},
});

describe('discordOutcome', () => {
  it("retries a 429 after Discord's fractional retry_after, over its whole-second header", () => {
    const body = JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.234, global: false });
    expect(discordOutcome(res(429, body, '2'))).toMatchObject({ status: 'retry', retryAfterMs: 1234, httpStatus: 429 });
  });

  it('falls back to Retry-After when the body says nothing usable', () => {
    expect(discordOutcome(res(429, 'slow down', '3'))).toMatchObject({ status: 'retry', retryAfterMs: 3000 });
    expect(discordOutcome(res(429, '{"retry_after":"soon"}', '3'))).toMatchObject({
      status: 'retry',
      retryAfterMs: 3000,
    });
    expect(discordOutcome(res(429, '{"retry_after":-1}'))).toMatchObject({ status: 'retry', retryAfterMs: undefined });
  });

  it('caps an absurd retry_after at a day', () => {
    expect(discordOutcome(res(429, '{"retry_after":1e12}'))).toMatchObject({ retryAfterMs: 24 * 60 * 60 * 1000 });
  });

  it('reads every other answer the standard way', () => {
    expect(discordOutcome(res(204, ''))).toMatchObject({ status: 'delivered' });
    expect(discordOutcome(res(404, '{"message":"Unknown Webhook","code":10015}'))).toMatchObject({ status: 'failed' });
    const bad = discordOutcome(res(502, '{"retry_after":5}'));
    expect(bad.status).toBe('retry');
    expect(bad).not.toHaveProperty('retryAfterMs');
  });
});
