import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { UsageError } from './cli.commands';
import { parseExpiry, tokenMint } from './token-mint';

describe('herald token mint', () => {
  const secret = 'a-shared-secret-of-some-length';
  const hmac = new TextEncoder().encode(secret);

  it('signs a registry-format token with HERALD_JWT_SECRET', async () => {
    const token = tokenMint(['--sub', 'ci', '--repository', 'ns/app', '--actions', 'pull,push,admin'], {
      HERALD_JWT_SECRET: secret,
    });
    const { payload } = await jwtVerify(token, hmac);
    expect(payload).toMatchObject({
      sub: 'ci',
      access: [{ type: 'repository', name: 'ns/app', actions: ['pull', 'push', 'admin'] }],
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(12 * 3600);
    expect(payload.superuser).toBeUndefined();
  });

  it('carries namespaces, superuser, expiry, and the issuer and audience Herald checks', async () => {
    const token = tokenMint(['--namespace', 'ns', '--superuser', '--expires', '30m'], {
      HERALD_JWT_SECRET: secret,
      HERALD_JWT_ISSUER: 'quay',
      HERALD_JWT_AUDIENCE: 'herald',
    });
    const { payload } = await jwtVerify(token, hmac, { issuer: 'quay', audience: 'herald' });
    expect(payload).toMatchObject({ superuser: true, access: [{ type: 'namespace', name: 'ns', actions: ['admin'] }] });
    expect((payload.exp as number) - (payload.iat as number)).toBe(1800);
  });

  it('puts the teams and organizations the user is in into herald_teams and herald_orgs', async () => {
    const token = tokenMint(['--sub', 'ann', '--team', 'acme/ops', '--team', 'acme/dev', '--org', 'acme'], {
      HERALD_JWT_SECRET: secret,
    });
    const { payload } = await jwtVerify(token, hmac);
    expect(payload).toMatchObject({
      sub: 'ann',
      access: [],
      herald_teams: ['acme/ops', 'acme/dev'],
      herald_orgs: ['acme'],
    });
    const env = { HERALD_JWT_SECRET: secret };
    expect(() => tokenMint(['--team', 'ops'], env)).toThrow(/--team must be org\/team/);
    expect(() => tokenMint(['--org', 'acme/ops'], env)).toThrow(/--org must be an organization name/);
  });

  it("falls back to the local stack's development secret in the data folder", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-mint-'));
    try {
      expect(() => tokenMint(['--superuser'], {}, dir)).toThrow(/no signing key: set HERALD_JWT_SECRET/);
      fs.mkdirSync(path.join(dir, '.herald'));
      fs.writeFileSync(path.join(dir, '.herald', 'jwt.secret'), `${secret}\n`);
      await expect(jwtVerify(tokenMint(['--superuser'], {}, dir), hmac)).resolves.toBeDefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['rsa', {}, 'RS256'],
    ['ec', { namedCurve: 'P-256' }, 'ES256'],
    ['ed25519', {}, 'EdDSA'],
  ] as const)('signs with a %s private key file (%s)', async (type, options, alg) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-mint-'));
    try {
      const pair = generateKeyPairSync(type as 'rsa', { modulusLength: 2048, ...options });
      const file = path.join(dir, 'key.pem');
      fs.writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const token = tokenMint(['--superuser', '--key-file', file, '--kid', 'k1'], {});
      expect(decodeProtectedHeader(token)).toMatchObject({ alg, kid: 'k1' });
      await expect(jwtVerify(token, pair.publicKey)).resolves.toBeDefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what would mint a useless or malformed token', () => {
    const env = { HERALD_JWT_SECRET: secret };
    expect(() => tokenMint([], env)).toThrow(UsageError);
    expect(() => tokenMint(['--repository', 'noslash'], env)).toThrow(/namespace\/name/);
    expect(() => tokenMint(['--superuser', '--actions', ','], env)).toThrow(/--actions/);
    expect(() => parseExpiry('soon')).toThrow(/--expires/);
    expect(parseExpiry('7d')).toBe(7 * 86_400);
  });
});
