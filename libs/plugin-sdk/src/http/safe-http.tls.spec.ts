import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { makeTestPki, TestPki } from '../../../../test/support/test-pki';
import { outcomeFromRequestError } from '../request-error';
import { isForbiddenDestination } from './forbidden-destination.error';
import { configureOutboundPolicy, parseOutboundPolicy } from './outbound-policy';
import { safeRequest, SafeTlsOptions } from './safe-http.client';

const signal = () => AbortSignal.timeout(5000);

/** An HTTPS server that insists on a client certificate signed by its CA and answers with the certificate's CN. */
async function mutualTlsServer(pki: TestPki): Promise<{ server: https.Server; url: string }> {
  const server = https.createServer(
    { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true },
    (req, res) => res.writeHead(200).end((req.socket as TLSSocket).getPeerCertificate().subject.CN),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('safeRequest over TLS', () => {
  let pki: TestPki;
  let rogue: TestPki;
  let target: { server: https.Server; url: string };
  let tls: SafeTlsOptions;

  beforeAll(async () => {
    pki = await makeTestPki('sdk');
    rogue = await makeTestPki('rogue');
    target = await mutualTlsServer(pki);
    tls = { cert: pki.client.cert, key: pki.client.key, ca: pki.ca.cert };
  });

  afterAll(() => new Promise((r) => target.server.close(r)));
  beforeEach(() => configureOutboundPolicy(parseOutboundPolicy('127.0.0.1')));
  afterEach(() => configureOutboundPolicy(parseOutboundPolicy(undefined)));

  it('presents the client certificate and verifies the server against the given CA', async () => {
    const res = await safeRequest(target.url, { signal: signal(), timeoutMs: 5000, tls });
    expect(res.status).toBe(200);
    expect(res.body).toBe('sdk-client');
  });

  it('is refused by a server that requires a client certificate when none is presented', async () => {
    const err = await safeRequest(target.url, { signal: signal(), timeoutMs: 5000, tls: { ca: pki.ca.cert } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(outcomeFromRequestError(err, signal())).toMatchObject({ status: 'retry' });
  });

  it('refuses a server whose certificate the CA bundle does not sign: a tls error, retried', async () => {
    const err = await safeRequest(target.url, {
      signal: signal(),
      timeoutMs: 5000,
      tls: { cert: pki.client.cert, key: pki.client.key, ca: rogue.ca.cert },
    }).catch((e: unknown) => e);
    expect(outcomeFromRequestError(err, signal())).toMatchObject({ status: 'retry', errorClass: 'tls' });
  });

  it('keeps the outbound policy: TLS settings do not open a refused address', async () => {
    configureOutboundPolicy(parseOutboundPolicy(undefined));
    const err = await safeRequest(target.url, { signal: signal(), timeoutMs: 5000, tls }).catch((e: unknown) => e);
    expect(isForbiddenDestination(err)).toBe(true);
    const named = await safeRequest(target.url.replace('127.0.0.1', 'localhost'), {
      signal: signal(),
      timeoutMs: 5000,
      tls,
    }).catch((e: unknown) => e);
    expect(isForbiddenDestination(named)).toBe(true);
  });
});
