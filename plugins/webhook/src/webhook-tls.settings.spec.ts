import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { webhookTlsFromEnv } from './webhook-tls.settings';

describe('webhookTlsFromEnv', () => {
  let dir: string;
  const file = (name: string) => {
    fs.writeFileSync(path.join(dir, name), `-----BEGIN ${name}-----\n`);
    return path.join(dir, name);
  };

  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webhook-tls-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is undefined when nothing is configured: plain calls, system store', () => {
    expect(webhookTlsFromEnv({})).toBeUndefined();
  });

  it('reads the certificate, key and CA files', () => {
    const tls = webhookTlsFromEnv({
      HERALD_WEBHOOK_CLIENT_CERT: file('cert'),
      HERALD_WEBHOOK_CLIENT_KEY: file('key'),
      HERALD_WEBHOOK_CA: file('ca'),
    });
    expect(tls).toEqual({ cert: '-----BEGIN cert-----\n', key: '-----BEGIN key-----\n', ca: '-----BEGIN ca-----\n' });
    expect(webhookTlsFromEnv({ HERALD_WEBHOOK_CA: file('ca') })).toEqual({ ca: '-----BEGIN ca-----\n' });
  });

  it('names the variable of a file it cannot read, and wants a certificate and key together', () => {
    expect(() => webhookTlsFromEnv({ HERALD_WEBHOOK_CA: path.join(dir, 'missing.pem') })).toThrow(
      /^HERALD_WEBHOOK_CA: cannot read /,
    );
    expect(() => webhookTlsFromEnv({ HERALD_WEBHOOK_CLIENT_CERT: file('cert') })).toThrow(
      'HERALD_WEBHOOK_CLIENT_CERT and HERALD_WEBHOOK_CLIENT_KEY must be set together',
    );
  });
});
