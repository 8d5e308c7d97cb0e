import { createHash } from 'node:crypto';
import { MongooseModule, getModelToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import { ApiToken, ApiTokenStore, AuthenticationError, AuthModule, Authenticator } from '@herald/auth';
import { Model } from 'mongoose';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

const ACCESS = [{ type: 'repository', name: 'ns/repo', actions: ['admin'] }];
const secretOf = (token: string) => token.slice('hrld_'.length + 12 + 1);

async function failure(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthenticationError);
  return (err as Error).message;
}

describe('ApiTokenStore against MongoDB', () => {
  let env: TestEnvironment;
  let moduleRef: TestingModule;
  let store: ApiTokenStore;
  let authenticator: Authenticator;

  const rawDoc = (tokenId: string) => env.db.collection('api_tokens').findOne({ token_id: tokenId });

  beforeAll(async () => {
    env = await openTestEnvironment('api-token-store');
    moduleRef = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(env.mongoUri, { dbName: env.dbName }),
        AuthModule.register({ hmacSecret: 'unused-in-this-test-but-configured', clockToleranceSec: 30 }),
      ],
    }).compile();
    store = moduleRef.get(ApiTokenStore);
    authenticator = moduleRef.get(Authenticator);
    // Wait for the unique index on token_id before relying on it.
    await moduleRef.get<Model<ApiToken>>(getModelToken(ApiToken.name)).init();
  });

  afterAll(async () => {
    await moduleRef?.close();
    await env?.close();
  });

  it('creates, authenticates, lists without the hash, revokes, then refuses the token', async () => {
    const expiresAt = new Date(Date.now() + 3600_000);
    const { token, record } = await store.create({ name: 'ci', access: ACCESS, createdBy: 'alice', expiresAt });
    expect(token).toMatch(/^hrld_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(`hrld_${record.id}_`)).toBe(true);
    expect(record).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{12}$/),
      name: 'ci',
      access: ACCESS,
      created_by: 'alice',
      created_at: expect.any(String),
      expires_at: expiresAt.toISOString(),
      revoked_at: null,
      last_used_at: null,
    });

    await expect(store.authenticate(token)).resolves.toEqual({
      id: `token:${record.id}`,
      kind: 'api_token',
      access: ACCESS,
      superuser: false,
      onBehalfOf: 'alice',
      expiresAt: expiresAt.getTime(),
    });
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ id: `token:${record.id}` });

    const listed = await store.list('alice');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: record.id, name: 'ci', revoked_at: null });
    expect(listed[0].last_used_at).not.toBeNull();
    expect(Object.keys(listed[0]).sort()).toEqual(
      ['access', 'created_at', 'created_by', 'expires_at', 'id', 'last_used_at', 'name', 'revoked_at'].sort(),
    );
    expect(JSON.stringify(listed)).not.toContain('secret_hash');
    expect(await store.get(record.id)).toEqual(listed[0]);

    await expect(store.revoke(record.id)).resolves.toBe(true);
    await expect(store.revoke(record.id)).resolves.toBe(false);
    expect((await store.get(record.id))?.revoked_at).toEqual(expect.any(String));
    expect(await failure(store.authenticate(token))).toBe('API token revoked');
    expect(await failure(authenticator.authenticate(`Bearer ${token}`))).toBe('API token revoked');
  });

  it('keeps only the SHA-256 of the secret', async () => {
    const { token, record } = await store.create({ name: 'stored', access: ACCESS, createdBy: 'alice' });
    const doc = await rawDoc(record.id);
    expect(doc).not.toBeNull();
    const text = JSON.stringify(doc);
    expect(text).not.toContain(token);
    expect(text).not.toContain(secretOf(token));
    expect(doc?.secret_hash).toBe(createHash('sha256').update(secretOf(token)).digest('hex'));
    expect(doc?.expires_at).toBeNull();
    const indexes = await env.db.collection('api_tokens').indexes();
    expect(indexes.some((i) => i.key.token_id === 1 && i.unique)).toBe(true);
  });

  it('refuses an expired token', async () => {
    const { token } = await store.create({
      name: 'old',
      access: ACCESS,
      createdBy: 'bob',
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await failure(store.authenticate(token))).toBe('API token expired');
  });

  it('refuses a tampered secret and an unknown id with the same answer', async () => {
    const { token, record } = await store.create({ name: 'tamper', access: ACCESS, createdBy: 'bob' });
    const last = token[token.length - 1];
    const tampered = token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(await failure(store.authenticate(tampered))).toBe('invalid API token');
    const unknownId = token.replace(record.id, record.id === 'ZZZZZZZZZZZZ' ? 'YYYYYYYYYYYY' : 'ZZZZZZZZZZZZ');
    expect(await failure(store.authenticate(unknownId))).toBe('invalid API token');
    expect(await failure(store.authenticate('hrld_nope'))).toBe('malformed API token');
    // A failed attempt does not count as a use.
    expect((await store.get(record.id))?.last_used_at).toBeNull();
  });

  it('records last_used_at at most once a minute', async () => {
    const { token, record } = await store.create({ name: 'busy', access: ACCESS, createdBy: 'carol' });
    await store.authenticate(token);
    const first = (await rawDoc(record.id))?.last_used_at as Date;
    expect(first).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all([store.authenticate(token), store.authenticate(token), store.authenticate(token)]);
    expect(((await rawDoc(record.id))?.last_used_at as Date).getTime()).toBe(first.getTime());
  });

  it('lists by creator, oldest first, and answers null for an unknown id', async () => {
    const a = await store.create({ name: 'd1', access: [], createdBy: 'dave' });
    const b = await store.create({ name: 'd2', access: ACCESS, createdBy: 'dave' });
    expect((await store.list('dave')).map((t) => t.id)).toEqual([a.record.id, b.record.id]);
    expect((await store.list()).length).toBeGreaterThanOrEqual(2);
    expect(await store.get('000000000000')).toBeNull();
    await expect(store.revoke('000000000000')).resolves.toBe(false);
  });

  it('rejects a malformed access list at creation', async () => {
    await expect(
      store.create({ name: 'bad', access: [{ type: 'repository', name: 'ns/repo' }] as never, createdBy: 'eve' }),
    ).rejects.toThrow(TypeError);
  });
});
