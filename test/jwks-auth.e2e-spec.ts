import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

describe('bearer JWTs signed with a key from a JWKS file', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let dir: string;
  let sign: (sub: string, actions: string[], issuer?: string) => Promise<string>;

  beforeAll(async () => {
    env = await openTestEnvironment('jwks-auth');
    dir = mkdtempSync(path.join(tmpdir(), 'herald-jwks-'));
    const pair = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'registry-1', alg: 'RS256', use: 'sig' };
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
    sign = (sub, actions, issuer = 'registry.example.com') =>
      new SignJWT({ access: [{ type: 'repository', name: 'keys/app', actions }] })
        .setProtectedHeader({ alg: 'RS256', kid: 'registry-1' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(pair.privateKey);
    herald = await startHerald({
      ...env.heraldEnv,
      HERALD_JWKS_FILE: path.join(dir, 'jwks.json'),
      // Registry keys only: no shared secret.
      HERALD_JWT_SECRET: '',
      HERALD_JWT_ISSUER: 'registry.example.com',
    });
  });

  afterAll(async () => {
    await herald?.stop();
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts an admin token signed by the registry key, refuses a pusher (403) and another issuer (401)', async () => {
    const path = '/api/v1/repository/keys/app/notification/';
    expect((await api(herald.url, 'GET', path, { token: await sign('admin', ['*']) })).status).toBe(200);
    const pusher = await api(herald.url, 'GET', path, { token: await sign('pusher', ['push']) });
    expect(pusher.status).toBe(403);
    const stranger = await api(herald.url, 'GET', path, { token: await sign('admin', ['*'], 'elsewhere') });
    expect(stranger.status).toBe(401);
    expect((stranger.body as { message: string }).message).toMatch(/issuer/);
  });
});
