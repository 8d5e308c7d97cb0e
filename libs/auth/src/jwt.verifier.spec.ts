import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT } from 'jose';
import { AuthSettings } from './auth-settings';
import { AuthenticationError } from './authentication.error';
import { JwtVerifier, NO_JWT_KEY_MESSAGE } from './jwt.verifier';

const SECRET = 'a-registry-signing-secret-of-32-bytes!';
const ISSUER = 'quay';
const AUDIENCE = 'herald';
const ACCESS = [{ type: 'repository', name: 'ns/repo', actions: ['push', 'pull'] }];

function settings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return { hmacSecret: SECRET, issuer: ISSUER, audience: AUDIENCE, clockToleranceSec: 30, ...overrides };
}

const now = () => Math.floor(Date.now() / 1000);

async function hs256(payload: JWTPayload, options: { secret?: string; exp?: number; alg?: string } = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.exp ?? now() + 300)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const standard = { sub: 'alice', iss: ISSUER, aud: AUDIENCE, access: ACCESS };

async function rejection(verifier: JwtVerifier, token: string): Promise<AuthenticationError> {
  const err = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthenticationError);
  return err as AuthenticationError;
}

describe('JwtVerifier with a shared secret', () => {
  const verifier = new JwtVerifier(settings());

  it('turns a valid HS256 token into a user actor with its access', async () => {
    await expect(verifier.verify(await hs256(standard))).resolves.toEqual({
      id: 'alice',
      kind: 'user',
      access: ACCESS,
      superuser: false,
      teams: [],
      orgs: [],
      expiresAt: expect.any(Number),
    });
  });

  it('reads the teams and organizations the user belongs to, and refuses a malformed list', async () => {
    const member = await hs256({ ...standard, herald_teams: ['acme/ops'], herald_orgs: ['acme'] });
    await expect(verifier.verify(member)).resolves.toMatchObject({ teams: ['acme/ops'], orgs: ['acme'] });
    const bad = await hs256({ ...standard, herald_teams: ['ops'] });
    expect((await rejection(verifier, bad)).message).toMatch(/malformed herald_teams claim/);
  });

  it.each(['HS384', 'HS512'])('accepts %s', async (alg) => {
    await expect(verifier.verify(await hs256(standard, { alg }))).resolves.toMatchObject({ id: 'alice' });
  });

  it('reads the superuser claim and treats a missing access claim as no grants', async () => {
    const token = await hs256({ sub: 'root', iss: ISSUER, aud: AUDIENCE, superuser: true });
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'root',
      kind: 'user',
      access: [],
      superuser: true,
      teams: [],
      orgs: [],
      expiresAt: expect.any(Number),
    });
  });

  it('rejects an expired token', async () => {
    expect((await rejection(verifier, await hs256(standard, { exp: now() - 120 }))).message).toBe('token expired');
  });

  it('allows the clock tolerance past exp', async () => {
    await expect(verifier.verify(await hs256(standard, { exp: now() - 5 }))).resolves.toMatchObject({ id: 'alice' });
  });

  it('rejects a token not yet valid', async () => {
    const token = await new SignJWT(standard)
      .setProtectedHeader({ alg: 'HS256' })
      .setNotBefore(now() + 600)
      .sign(new TextEncoder().encode(SECRET));
    expect((await rejection(verifier, token)).message).toBe('token not yet valid');
  });

  it('rejects a token signed with another secret', async () => {
    const token = await hs256(standard, { secret: 'another-secret-of-at-least-32-bytes!!' });
    expect((await rejection(verifier, token)).message).toBe('invalid token signature');
  });

  it('rejects a token whose payload was altered', async () => {
    const [header, , signature] = (await hs256(standard)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...standard, superuser: true })).toString('base64url');
    expect((await rejection(verifier, `${header}.${forged}.${signature}`)).message).toBe('invalid token signature');
  });

  it('rejects the wrong issuer', async () => {
    const token = await hs256({ ...standard, iss: 'someone-else' });
    expect((await rejection(verifier, token)).message).toBe('token issuer not accepted');
  });

  it('rejects the wrong audience', async () => {
    const token = await hs256({ ...standard, aud: 'another-service' });
    expect((await rejection(verifier, token)).message).toBe('token audience not accepted');
  });

  it('does not check iss and aud when they are not configured', async () => {
    const open = new JwtVerifier(settings({ issuer: undefined, audience: undefined }));
    await expect(open.verify(await hs256({ sub: 'bob', iss: 'x', aud: 'y' }))).resolves.toMatchObject({ id: 'bob' });
  });

  it.each([
    ['not a list', { type: 'repository', name: 'ns/repo', actions: ['pull'] }],
    ['actions not strings', [{ type: 'repository', name: 'ns/repo', actions: [1] }]],
    ['actions missing', [{ type: 'repository', name: 'ns/repo' }]],
    ['name missing', [{ type: 'repository', actions: ['pull'] }]],
    ['an entry not an object', ['repository:ns/repo:pull']],
  ])('rejects a malformed access claim (%s)', async (_case, access) => {
    const token = await hs256({ ...standard, access });
    expect((await rejection(verifier, token)).message).toBe('malformed access claim');
  });

  it('rejects a non-boolean superuser claim', async () => {
    const token = await hs256({ ...standard, superuser: 'true' });
    expect((await rejection(verifier, token)).message).toBe('malformed superuser claim');
  });

  it('rejects a token without sub', async () => {
    const token = await hs256({ iss: ISSUER, aud: AUDIENCE, access: ACCESS });
    expect((await rejection(verifier, token)).message).toMatch(/no subject/);
  });

  it('rejects garbage', async () => {
    expect((await rejection(verifier, 'not.a.jwt')).message).toBe('malformed token');
  });

  it('rejects an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(standard)).toString('base64url');
    expect((await rejection(verifier, `${header}.${body}.`)).message).toBe('token algorithm not accepted');
  });
});

describe('JwtVerifier with a JWKS file', () => {
  let dir: string;
  let privateKey: KeyLike;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    dir = mkdtempSync(join(tmpdir(), 'herald-jwks-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [jwk] }));
    verifier = new JwtVerifier({ jwksFile: file, issuer: ISSUER, audience: AUDIENCE, clockToleranceSec: 30 });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rs256 = (payload: JWTPayload, key: KeyLike, kid = 'key-1') =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime(now() + 300)
      .sign(key);

  it('verifies an RS256 token with the key of its kid', async () => {
    await expect(verifier.verify(await rs256(standard, privateKey))).resolves.toEqual({
      id: 'alice',
      kind: 'user',
      access: ACCESS,
      superuser: false,
      teams: [],
      orgs: [],
      expiresAt: expect.any(Number),
    });
  });

  it('rejects a token signed by another key under the same kid', async () => {
    const other = await generateKeyPair('RS256');
    expect((await rejection(verifier, await rs256(standard, other.privateKey))).message).toBe(
      'invalid token signature',
    );
  });

  it('rejects an unknown kid', async () => {
    expect((await rejection(verifier, await rs256(standard, privateKey, 'key-2'))).message).toBe(
      'no JWT key matches the token',
    );
  });

  it('does not accept HS tokens when no secret is configured', async () => {
    expect((await rejection(verifier, await hs256(standard))).message).toBe('token algorithm not accepted');
  });

  it('fails at construction, naming the file, when the JWKS file cannot be read', () => {
    const missing = join(dir, 'missing.json');
    expect(() => new JwtVerifier({ jwksFile: missing, clockToleranceSec: 30 })).toThrow(missing);
  });
});

describe('JwtVerifier without keys', () => {
  it('says which variables to set', async () => {
    const verifier = new JwtVerifier({ clockToleranceSec: 30 });
    const err = await rejection(verifier, await hs256(standard));
    expect(err.message).toBe(NO_JWT_KEY_MESSAGE);
    expect(err.message).toBe('no JWT key configured (set HERALD_JWT_SECRET, HERALD_JWKS_FILE or HERALD_JWKS_URL)');
  });

  it('refuses both a JWKS file and a JWKS URL', () => {
    expect(
      () => new JwtVerifier({ jwksFile: '/tmp/x.json', jwksUrl: 'https://example.test/jwks', clockToleranceSec: 30 }),
    ).toThrow(/only one/);
  });
});
