import { Actor } from '@herald/core';
import { ApiTokenStore } from './api-token.store';
import { AuthenticationError } from './authentication.error';
import { Authenticator } from './authenticator.service';
import { JwtVerifier } from './jwt.verifier';

const API_TOKEN = 'hrld_AbCdEf123456_' + 'x'.repeat(43);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

const userActor: Actor = { id: 'alice', kind: 'user', access: [], superuser: false };
const tokenActor: Actor = { id: 'token:AbCdEf123456', kind: 'api_token', access: [], superuser: false };

function setup() {
  const jwt = { verify: jest.fn(async (_token: string) => userActor) };
  const store = { authenticate: jest.fn(async (_token: string) => tokenActor) };
  const authenticator = new Authenticator(jwt as unknown as JwtVerifier, store as unknown as ApiTokenStore);
  return { jwt, store, authenticator };
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthenticationError);
  return (err as Error).message;
}

describe('Authenticator', () => {
  it('sends hrld_ tokens to the API token store', async () => {
    const { jwt, store, authenticator } = setup();
    await expect(authenticator.authenticate(`Bearer ${API_TOKEN}`)).resolves.toBe(tokenActor);
    expect(store.authenticate).toHaveBeenCalledWith(API_TOKEN);
    expect(jwt.verify).not.toHaveBeenCalled();
  });

  it('sends anything else to the JWT verifier', async () => {
    const { jwt, store, authenticator } = setup();
    await expect(authenticator.authenticate(`Bearer ${JWT}`)).resolves.toBe(userActor);
    expect(jwt.verify).toHaveBeenCalledWith(JWT);
    expect(store.authenticate).not.toHaveBeenCalled();
  });

  it.each(['bearer', 'BEARER', 'BeArEr'])('accepts the scheme spelled %s', async (scheme) => {
    const { jwt, authenticator } = setup();
    await authenticator.authenticate(`${scheme} ${JWT}`);
    expect(jwt.verify).toHaveBeenCalledWith(JWT);
  });

  it('tolerates surrounding and repeated blanks', async () => {
    const { jwt, authenticator } = setup();
    await authenticator.authenticate(`  Bearer \t ${JWT}  `);
    expect(jwt.verify).toHaveBeenCalledWith(JWT);
  });

  it.each([[undefined], [''], ['   '], ['Bearer'], ['Bearer   ']])('rejects %p as a missing token', async (header) => {
    const { jwt, store, authenticator } = setup();
    expect(await reason(authenticator.authenticate(header))).toBe('missing bearer token');
    expect(jwt.verify).not.toHaveBeenCalled();
    expect(store.authenticate).not.toHaveBeenCalled();
  });

  it.each(['Basic dXNlcjpwYXNz', 'Token abc', `Bearer-${JWT}`, JWT])('rejects another scheme: %s', async (header) => {
    const { authenticator } = setup();
    expect(await reason(authenticator.authenticate(header))).toBe('authorization scheme must be Bearer');
  });

  it('rejects a token with blanks in it', async () => {
    const { jwt, authenticator } = setup();
    expect(await reason(authenticator.authenticate(`Bearer ${JWT} extra`))).toBe('malformed bearer token');
    expect(jwt.verify).not.toHaveBeenCalled();
  });

  it('passes the verifier and store errors through', async () => {
    const { jwt, store, authenticator } = setup();
    jwt.verify.mockRejectedValueOnce(new AuthenticationError('token expired'));
    store.authenticate.mockRejectedValueOnce(new AuthenticationError('API token revoked'));
    expect(await reason(authenticator.authenticate(`Bearer ${JWT}`))).toBe('token expired');
    expect(await reason(authenticator.authenticate(`Bearer ${API_TOKEN}`))).toBe('API token revoked');
  });
});
