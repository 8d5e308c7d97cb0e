import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { outcomeFromRequestError } from '../request-error';
import { isForbiddenDestination } from './forbidden-destination.error';
import { destinationRefusal, urlDestinationErrors } from './guarded-lookup';
import { configureOutboundPolicy, parseOutboundPolicy } from './outbound-policy';
import { safeRequest, splitCredentials } from './safe-http.client';

const signal = () => AbortSignal.timeout(2000);

describe('safeRequest', () => {
  let server: http.Server;
  let port: number;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      }
      res.writeHead(200).end('x'.repeat(10_000));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((r) => server.close(r)));
  afterEach(() => configureOutboundPolicy(parseOutboundPolicy(undefined)));

  it.each([
    'http://127.0.0.1:1/',
    'http://localhost/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
  ])('refuses %s before any connection, by default', async (url) => {
    const err = await safeRequest(url, { signal: signal(), timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(isForbiddenDestination(err)).toBe(true);
    const outcome = outcomeFromRequestError(err, signal());
    expect(outcome).toMatchObject({ status: 'failed', errorClass: 'forbidden_destination' });
  });

  it('checks the address a name resolves to where it is dialled', async () => {
    configureOutboundPolicy(parseOutboundPolicy('127.0.0.1'));
    // localhost resolves to 127.0.0.1 (allowed by address) and often ::1 too (refused): the name is refused only when
    // one of its addresses is, never dialled past the check.
    const err = await safeRequest(`http://localhost:${port}/`, { signal: signal(), timeoutMs: 1000 }).catch((e) => e);
    const refused = isForbiddenDestination(err);
    const answered = !(err instanceof Error) && (err as { status: number }).status === 200;
    expect(refused || answered).toBe(true);
    configureOutboundPolicy(parseOutboundPolicy('localhost'));
    const allowed = await safeRequest(`http://localhost:${port}/`, { signal: signal(), timeoutMs: 1000 });
    expect(allowed.status).toBe(200);
  });

  it('calls an allowed address, caps the answer and never follows a redirect', async () => {
    configureOutboundPolicy(parseOutboundPolicy('127.0.0.1'));
    const res = await safeRequest(`http://127.0.0.1:${port}/`, { signal: signal(), timeoutMs: 1000 });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(4096);
    const redirect = await safeRequest(`http://127.0.0.1:${port}/redirect`, { signal: signal(), timeoutMs: 1000 });
    expect(redirect.status).toBe(302);
  });

  it('sends userinfo as Basic authorization instead of dropping it', async () => {
    configureOutboundPolicy(parseOutboundPolicy('127.0.0.1'));
    seen.length = 0;
    await safeRequest(`http://ci%40bot:p%3Ass@127.0.0.1:${port}/`, { signal: signal(), timeoutMs: 1000 });
    expect(seen[0].authorization).toBe(`Basic ${Buffer.from('ci@bot:p:ss').toString('base64')}`);
    expect(splitCredentials('https://u:p@h.example/x?y=1').url.toString()).toBe('https://h.example/x?y=1');
  });
});

describe('destinationRefusal', () => {
  it('refuses literals and names that resolve to refused addresses, and passes names that do not resolve', async () => {
    expect(await destinationRefusal('169.254.169.254')).toMatch(/linkLocal/);
    expect(await destinationRefusal('[::1]')).toMatch(/loopback/);
    expect(await destinationRefusal('localhost')).toMatch(/^localhost resolves to .* loopback address$/);
    expect(await destinationRefusal('no-such-host.invalid')).toBeUndefined();
    expect(await destinationRefusal('8.8.8.8')).toBeUndefined();
  });

  it('names the config field for checkConfig, and passes an allowed URL', async () => {
    expect(await urlDestinationErrors('url', 'http://169.254.169.254/hook')).toEqual([
      expect.stringMatching(
        /^config\.url: the outbound policy refuses this address: 169\.254\.169\.254 is a linkLocal/,
      ),
    ]);
    expect(await urlDestinationErrors('url', 'https://8.8.8.8/hook')).toEqual([]);
    expect(await urlDestinationErrors('url', 'http://exa mple.com/')).toEqual([
      'config.url: not a URL this host can call',
    ]);
  });
});
