import { api } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { jwtFor, repoAdmin, TEST_JWT_SECRET } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

describe('API tokens over HTTP', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let admin: string;

  beforeAll(async () => {
    env = await openTestEnvironment('api-tokens-http');
    herald = await startHerald({ ...env.heraldEnv, HERALD_JWT_SECRET: TEST_JWT_SECRET });
    admin = await repoAdmin('acme/web', 'alice');
  });

  afterAll(async () => {
    await herald?.stop();
    await env?.close();
  });

  const webAdminClaim = [{ type: 'repository', name: 'acme/web', actions: ['admin'] }];

  it('creates a token shown once, which then works as a bearer token with exactly its scopes', async () => {
    const created = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: admin,
      body: { name: 'ci-bot', access: webAdminClaim },
    });
    expect(created.status).toBe(201);
    const body = created.body as { token: string; id: string; name: string; created_by: string };
    expect(body.token).toMatch(/^hrld_/);
    expect(body).toMatchObject({ name: 'ci-bot', created_by: 'alice' });

    const list = await api(herald.url, 'GET', '/api/v1/repository/acme/web/notification/', { token: body.token });
    expect(list.status).toBe(200);
    const other = await api(herald.url, 'GET', '/api/v1/repository/acme/api/notification/', { token: body.token });
    expect(other.status).toBe(403);

    const tokens = await api(herald.url, 'GET', '/api/v1/tokens', { token: admin });
    expect(tokens.status).toBe(200);
    const listed = (tokens.body as { tokens: Record<string, unknown>[] }).tokens;
    expect(listed.map((t) => t.id)).toContain(body.id);
    expect(JSON.stringify(listed)).not.toContain(body.token.split('_').pop());
    expect(listed.every((t) => !('secret_hash' in t) && !('token' in t))).toBe(true);

    // Revoked: refused at once.
    expect((await api(herald.url, 'DELETE', `/api/v1/tokens/${body.id}`, { token: admin })).status).toBe(204);
    const after = await api(herald.url, 'GET', '/api/v1/repository/acme/web/notification/', { token: body.token });
    expect(after.status).toBe(401);
    expect((after.body as { message: string }).message).toMatch(/revoked/);
  });

  it('refuses to grant scopes the creator does not administer (403), and bad input (400)', async () => {
    const escalate = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: admin,
      body: { name: 'sneaky', access: [{ type: 'namespace', name: 'acme', actions: ['admin'] }] },
    });
    expect(escalate.status).toBe(403);
    const bad = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: admin,
      body: { name: '', access: 'everything', expiresAt: 'yesterday' },
    });
    expect(bad.status).toBe(400);
    const message = (bad.body as { message: string }).message;
    expect(message).toMatch(/name is required/);
    expect(message).toMatch(/access must be/);
    expect(message).toMatch(/expiresAt/);
  });

  it("another user cannot revoke someone's token (404), a superuser can", async () => {
    const created = await api(herald.url, 'POST', '/api/v1/tokens', {
      token: admin,
      body: { name: 'mine', access: webAdminClaim },
    });
    const id = (created.body as { id: string }).id;
    const mallory = await repoAdmin('acme/web', 'mallory');
    expect((await api(herald.url, 'DELETE', `/api/v1/tokens/${id}`, { token: mallory })).status).toBe(404);
    const root = await jwtFor('root', [], { superuser: true });
    expect((await api(herald.url, 'DELETE', `/api/v1/tokens/${id}`, { token: root })).status).toBe(204);
  });
});
