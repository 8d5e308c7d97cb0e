import { authSettingsFromEnv } from './auth-settings';

describe('authSettingsFromEnv', () => {
  it('reads the HERALD_JWT_* and HERALD_JWKS_* variables', () => {
    expect(
      authSettingsFromEnv({
        HERALD_JWT_SECRET: 's3cret',
        HERALD_JWKS_FILE: ' /etc/herald/jwks.json ',
        HERALD_JWT_ISSUER: 'quay',
        HERALD_JWT_AUDIENCE: 'herald',
      }),
    ).toEqual({
      hmacSecret: 's3cret',
      jwksFile: '/etc/herald/jwks.json',
      jwksUrl: undefined,
      issuer: 'quay',
      audience: 'herald',
      clockToleranceSec: 30,
    });
  });

  it('leaves everything unset by default, with a 30 s tolerance', () => {
    expect(authSettingsFromEnv({ HERALD_JWKS_URL: '', HERALD_JWT_SECRET: '' })).toEqual({ clockToleranceSec: 30 });
  });
});
