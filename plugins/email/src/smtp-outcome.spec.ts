import { outcomeFromSmtpError } from './smtp-outcome';

const live = new AbortController().signal;

describe('outcomeFromSmtpError', () => {
  it.each([550, 552, 553, 554, 535])('a %i reply is a permanent failure', (responseCode) => {
    const outcome = outcomeFromSmtpError({ responseCode, response: `${responseCode} no` }, live);
    expect(outcome).toMatchObject({ status: 'failed', reason: `SMTP ${responseCode} no`, errorClass: 'smtp_5xx' });
  });

  it.each([421, 450, 451, 452, 503])('a %i reply is retried', (responseCode) => {
    expect(outcomeFromSmtpError({ responseCode, response: `${responseCode} later` }, live).status).toBe('retry');
  });

  it('retries a refused connection and a TLS failure, naming the class', () => {
    expect(outcomeFromSmtpError({ code: 'ESOCKET', message: 'connect ECONNREFUSED' }, live)).toMatchObject({
      status: 'retry',
      errorClass: 'network',
    });
    expect(outcomeFromSmtpError({ code: 'ETLS', message: 'bad cert' }, live)).toMatchObject({ errorClass: 'tls' });
  });

  it('reads an aborted send as a timeout', () => {
    const c = new AbortController();
    c.abort();
    expect(outcomeFromSmtpError(new Error('aborted'), c.signal)).toMatchObject({
      status: 'retry',
      errorClass: 'timeout',
    });
  });
});
