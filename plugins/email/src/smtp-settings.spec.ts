import { smtpSettingsFromEnv } from './smtp-settings';

describe('smtpSettingsFromEnv', () => {
  it('defaults to a local relay on port 25 with opportunistic STARTTLS', () => {
    expect(smtpSettingsFromEnv({})).toMatchObject({
      host: 'localhost',
      port: 25,
      secure: false,
      startTls: 'auto',
      user: undefined,
      poolSize: 10,
    });
  });

  it('reads implicit TLS (port 465 by default), required STARTTLS and credentials', () => {
    expect(
      smtpSettingsFromEnv({
        HERALD_SMTP_HOST: 'smtp.example.com',
        HERALD_SMTP_SECURE: 'true',
        HERALD_SMTP_STARTTLS: 'require',
        HERALD_SMTP_USER: 'herald',
        HERALD_SMTP_PASSWORD: 's3cret',
        HERALD_SMTP_FROM: 'Registry <registry@example.com>',
      }),
    ).toMatchObject({
      host: 'smtp.example.com',
      port: 465,
      secure: true,
      startTls: 'require',
      user: 'herald',
      password: 's3cret',
      from: 'Registry <registry@example.com>',
    });
  });

  it.each([
    [{ HERALD_SMTP_PORT: '0' }, /HERALD_SMTP_PORT/],
    [{ HERALD_SMTP_SECURE: 'maybe' }, /HERALD_SMTP_SECURE/],
    [{ HERALD_SMTP_STARTTLS: 'sometimes' }, /HERALD_SMTP_STARTTLS/],
    [{ HERALD_SMTP_USER: 'u' }, /HERALD_SMTP_PASSWORD/],
  ])('refuses %p', (env, message) => {
    expect(() => smtpSettingsFromEnv(env)).toThrow(message);
  });
});
