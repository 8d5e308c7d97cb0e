import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverJson } from './deliver-json';
import { configureOutboundPolicy, parseOutboundPolicy } from './outbound-policy';

describe('deliverJson', () => {
  let server: http.Server;
  let base: string;
  const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const ctx = () => ({ signal: AbortSignal.timeout(2000), timeoutMs: 1000 });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        if (req.url === '/limited') res.writeHead(429, { 'retry-after': '4' }).end('{"wait":1}');
        else res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    configureOutboundPolicy(parseOutboundPolicy('127.0.0.1'));
  });

  afterAll(async () => {
    configureOutboundPolicy(parseOutboundPolicy(undefined));
    await new Promise((r) => server.close(r));
  });

  it('POSTs the body as UTF-8 JSON with the user agent and reads the answer', async () => {
    const outcome = await deliverJson(`${base}/ok`, { text: 'héllo' }, ctx(), { userAgent: 'Test/1' });
    expect(outcome).toMatchObject({ status: 'delivered', httpStatus: 202 });
    expect(seen.at(-1)).toMatchObject({
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Test/1' },
      body: '{"text":"héllo"}',
    });
  });

  it("honours Retry-After by default, or the plugin's own reading of the answer", async () => {
    expect(await deliverJson(`${base}/limited`, {}, ctx(), { userAgent: 'T' })).toMatchObject({ retryAfterMs: 4000 });
    const own = await deliverJson(`${base}/limited`, {}, ctx(), {
      userAgent: 'T',
      outcome: (res) => ({ status: 'retry', reason: res.body, retryAfterMs: 1000 }),
    });
    expect(own).toEqual({ status: 'retry', reason: '{"wait":1}', retryAfterMs: 1000 });
  });

  it('returns an outcome instead of throwing: refused destinations fail, refused connections retry', async () => {
    const forbidden = await deliverJson('http://169.254.169.254/', {}, ctx(), { userAgent: 'T' });
    expect(forbidden).toMatchObject({ status: 'failed', errorClass: 'forbidden_destination' });
    const refused = await deliverJson('http://127.0.0.1:1/', {}, ctx(), { userAgent: 'T' });
    expect(refused).toMatchObject({ status: 'retry', errorClass: 'network' });
  });

  it('lets a plugin replace the content type, and with httpsOnly refuses plain http:// to hosts not listed', async () => {
    const headers = { 'content-type': 'application/json' };
    expect(await deliverJson(`${base}/ok`, { a: 1 }, ctx(), { userAgent: 'T', headers })).toMatchObject({
      status: 'delivered',
    });
    expect(seen.at(-1)?.headers['content-type']).toBe('application/json');
    // 127.0.0.1 is listed in HERALD_OUTBOUND_ALLOW here: the operator's word that plain http:// to it is fine.
    expect(await deliverJson(`${base}/ok`, {}, ctx(), { userAgent: 'T', httpsOnly: true })).toMatchObject({
      status: 'delivered',
    });
    const plain = await deliverJson('http://example.invalid/hook', {}, ctx(), { userAgent: 'T', httpsOnly: true });
    expect(plain).toMatchObject({ status: 'failed', errorClass: 'forbidden_destination' });
  });
});
