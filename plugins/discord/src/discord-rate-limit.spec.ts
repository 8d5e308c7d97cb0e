import { discordOutcome } from './discord-rate-limit';

describe('discordOutcome', () => {
  it("retries a 429 after Discord's fractional retry_after, over its whole-second header", () => {
    const body = JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.234, global: false });
    expect(discordOutcome(429, body, '2')).toMatchObject({ status: 'retry', retryAfterMs: 1234, httpStatus: 429 });
  });

  it('falls back to Retry-After when the body says nothing usable', () => {
    expect(discordOutcome(429, 'slow down', '3')).toMatchObject({ status: 'retry', retryAfterMs: 3000 });
    expect(discordOutcome(429, '{"retry_after":"soon"}', '3')).toMatchObject({ status: 'retry', retryAfterMs: 3000 });
    expect(discordOutcome(429, '{"retry_after":-1}')).toMatchObject({ status: 'retry', retryAfterMs: undefined });
  });

  it('caps an absurd retry_after at a day', () => {
    expect(discordOutcome(429, '{"retry_after":1e12}')).toMatchObject({ retryAfterMs: 24 * 60 * 60 * 1000 });
  });

  it('reads every other answer the standard way', () => {
    expect(discordOutcome(204, '')).toMatchObject({ status: 'delivered' });
    expect(discordOutcome(404, '{"message":"Unknown Webhook","code":10015}')).toMatchObject({ status: 'failed' });
    const bad = discordOutcome(502, '{"retry_after":5}');
    expect(bad.status).toBe('retry');
    expect(bad).not.toHaveProperty('retryAfterMs');
  });
});
