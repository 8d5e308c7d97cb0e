import { outcomeFromHttp, outcomeFromResponse, parseRetryAfter } from './http-outcome';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([undefined, ''])('is undefined for %p', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it.each([
    ['0', 0],
    ['1', 1_000],
    ['120', 120_000],
    [' 30 ', 30_000],
  ])('reads delta-seconds %p as %d ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it('caps delta-seconds at 24 hours', () => {
    expect(parseRetryAfter('86400', NOW)).toBe(DAY_MS);
    expect(parseRetryAfter('86401', NOW)).toBe(DAY_MS);
    expect(parseRetryAfter('999999999999', NOW)).toBe(DAY_MS);
  });

  it('reads an HTTP date in the future as the time until then', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('  Sat, 01 Mar 2025 12:00:30 GMT  ', NOW)).toBe(30_000);
  });

  it('reads an HTTP date in the past as 0', () => {
    expect(parseRetryAfter('Fri, 28 Feb 2025 12:00:00 GMT', NOW)).toBe(0);
  });

  it('reads the current instant as 0', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:00 GMT', NOW)).toBe(0);
  });

  it('caps an HTTP date at 24 hours', () => {
    expect(parseRetryAfter('Mon, 03 Mar 2025 12:00:00 GMT', NOW)).toBe(DAY_MS);
  });

  it('measures from Date.now() by default', () => {
    jest.useFakeTimers({ now: NOW });
    try {
      expect(parseRetryAfter('Sat, 01 Mar 2025 12:01:00 GMT')).toBe(60_000);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each(['soon', 'abc', '12abc', 'Retry later please'])('is undefined for garbage %p', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('outcomeFromHttp', () => {
  it.each([200, 201, 202, 204, 299])('reads %d as delivered', (status) => {
    expect(outcomeFromHttp(status, 'ok')).toEqual({ status: 'delivered', httpStatus: status, responseBody: 'ok' });
  });

  it.each([429, 503])('reads %d as retry and honours Retry-After', (status) => {
    expect(outcomeFromHttp(status, 'slow down', '60')).toEqual({
      status: 'retry',
      reason: `HTTP ${status}`,
      retryAfterMs: 60_000,
      httpStatus: status,
      responseBody: 'slow down',
    });
  });

  it('leaves retryAfterMs undefined without a usable Retry-After', () => {
    const outcome = outcomeFromHttp(429, '');
    expect(outcome).toMatchObject({ status: 'retry', reason: 'HTTP 429', httpStatus: 429, responseBody: '' });
    expect(outcome.status === 'retry' && outcome.retryAfterMs).toBeUndefined();
    const garbage = outcomeFromHttp(503, '', 'whenever');
    expect(garbage.status === 'retry' && garbage.retryAfterMs).toBeUndefined();
  });

  it('caps a 429 Retry-After at 24 hours', () => {
    const outcome = outcomeFromHttp(429, '', '1000000');
    expect(outcome.status === 'retry' && outcome.retryAfterMs).toBe(DAY_MS);
  });

  it('does not read Retry-After on other retryable statuses', () => {
    const outcome = outcomeFromHttp(500, 'oops', '60');
    expect(outcome).toEqual({ status: 'retry', reason: 'HTTP 500', httpStatus: 500, responseBody: 'oops' });
  });

  it('reads 410 as a permanent failure with its own reason', () => {
    expect(outcomeFromHttp(410, 'gone')).toEqual({
      status: 'failed',
      reason: 'HTTP 410 Gone: the receiver asked not to be called again',
      httpStatus: 410,
      responseBody: 'gone',
    });
  });

  it.each([400, 401, 403, 404, 405, 408, 413, 422, 499])('reads %d as failed', (status) => {
    expect(outcomeFromHttp(status, 'no')).toEqual({
      status: 'failed',
      reason: `HTTP ${status}`,
      httpStatus: status,
      responseBody: 'no',
    });
  });

  it.each([300, 301, 302, 304, 307, 308])('reads the redirect %d as retry (redirects are not followed)', (status) => {
    expect(outcomeFromHttp(status, '')).toEqual({
      status: 'retry',
      reason: `HTTP ${status}`,
      httpStatus: status,
      responseBody: '',
    });
  });

  it.each([500, 502, 504, 599])('reads %d as retry', (status) => {
    expect(outcomeFromHttp(status, 'err')).toEqual({
      status: 'retry',
      reason: `HTTP ${status}`,
      httpStatus: status,
      responseBody: 'err',
    });
  });

  it('reads a 1xx status as retry', () => {
    expect(outcomeFromHttp(100, '')).toMatchObject({ status: 'retry', httpStatus: 100 });
  });
});

describe('outcomeFromResponse', () => {
  it('reads a safeRequest answer with its Retry-After header, the first when it came twice', () => {
    expect(outcomeFromResponse({ status: 202, body: '', headers: {} })).toMatchObject({ status: 'delivered' });
    expect(outcomeFromResponse({ status: 429, body: 'slow', headers: { 'retry-after': '7' } })).toMatchObject({
      status: 'retry',
      retryAfterMs: 7000,
    });
    const twice = { 'retry-after': ['3', '9'] } as unknown as Record<string, string>;
    expect(outcomeFromResponse({ status: 503, body: '', headers: twice })).toMatchObject({ retryAfterMs: 3000 });
  });
});
