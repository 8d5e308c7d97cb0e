import { outcomeFromRequestError } from './request-error';

const live = () => new AbortController().signal;
const aborted = () => {
  const c = new AbortController();
  c.abort();
  return c.signal;
};

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('outcomeFromRequestError', () => {
  it('reads an aborted signal as a timeout whatever the error', () => {
    const timeout = { status: 'retry', reason: 'timed out', errorClass: 'timeout' };
    expect(outcomeFromRequestError(new Error('This operation was aborted'), aborted())).toEqual(timeout);
    expect(outcomeFromRequestError(withCode('refused', 'ECONNREFUSED'), aborted())).toEqual(timeout);
    expect(outcomeFromRequestError(undefined, aborted())).toEqual(timeout);
  });

  it('reads ECONNREFUSED on the error as a network failure naming the code', () => {
    const err = withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED');
    expect(outcomeFromRequestError(err, live())).toEqual({
      status: 'retry',
      reason: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
      errorClass: 'network',
    });
  });

  it("reads the code of the error's cause, as fetch reports it", () => {
    const err = new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED') });
    expect(outcomeFromRequestError(err, live())).toEqual({
      status: 'retry',
      reason: 'ECONNREFUSED: fetch failed: connect ECONNREFUSED 127.0.0.1:9',
      errorClass: 'network',
    });
  });

  it("prefers the error's own code to its cause's", () => {
    const err = Object.assign(new Error('outer'), { code: 'ECONNRESET', cause: withCode('inner', 'CERT_HAS_EXPIRED') });
    expect(outcomeFromRequestError(err, live())).toEqual({
      status: 'retry',
      reason: 'ECONNRESET: outer: inner',
      errorClass: 'network',
    });
  });

  it.each(['ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_SOCKET'])('reads %s as network', (code) => {
    const outcome = outcomeFromRequestError(withCode('failed', code), live());
    expect(outcome).toEqual({ status: 'retry', reason: `${code}: failed`, errorClass: 'network' });
  });

  it.each([
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER',
  ])('reads %s as tls', (code) => {
    const err = new TypeError('fetch failed', { cause: withCode('certificate problem', code) });
    expect(outcomeFromRequestError(err, live())).toEqual({
      status: 'retry',
      reason: `${code}: fetch failed: certificate problem`,
      errorClass: 'tls',
    });
  });

  it('reads an error without a code as network with its message', () => {
    expect(outcomeFromRequestError(new Error('socket hang up'), live())).toEqual({
      status: 'retry',
      reason: 'socket hang up',
      errorClass: 'network',
    });
  });

  it('falls back to the string form of something that is not an error', () => {
    expect(outcomeFromRequestError('kaboom', live())).toEqual({
      status: 'retry',
      reason: 'kaboom',
      errorClass: 'network',
    });
    expect(outcomeFromRequestError(null, live())).toEqual({ status: 'retry', reason: 'null', errorClass: 'network' });
  });

  it('never gives up: every request error is a retry', () => {
    for (const err of [new Error('x'), withCode('x', 'ECONNREFUSED'), withCode('x', 'CERT_HAS_EXPIRED')]) {
      expect(outcomeFromRequestError(err, live()).status).toBe('retry');
    }
  });
});
