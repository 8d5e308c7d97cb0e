import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min, ValidateNested } from 'class-validator';
import { validateConfig } from './config-validation';

class Auth {
  @IsString()
  user!: string;

  @IsString({ message: 'a password is required' })
  password!: string;
}

class SampleConfig {
  @IsUrl({ require_tld: false })
  url!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  retries?: number;

  @IsOptional()
  @IsString({ message: 'Channel name must be text' })
  channel?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Auth)
  auth?: Auth;
}

describe('validateConfig', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'https://x'],
    ['a number', 1],
    ['an array', [{ url: 'https://x' }]],
  ])('rejects %s as not a JSON object', (_label, raw) => {
    expect(validateConfig(SampleConfig, raw)).toEqual({ errors: ['config must be a JSON object'] });
  });

  it('gives back an instance of the class for a valid config', () => {
    const { config, errors } = validateConfig(SampleConfig, { url: 'http://localhost:8080/x', retries: 3 });
    expect(errors).toEqual([]);
    expect(config).toBeInstanceOf(SampleConfig);
    expect(config).toEqual(Object.assign(new SampleConfig(), { url: 'http://localhost:8080/x', retries: 3 }));
  });

  it('keeps properties the class does not declare', () => {
    const { config, errors } = validateConfig(SampleConfig, { url: 'https://x.example.com', extra: true });
    expect(errors).toEqual([]);
    expect((config as unknown as Record<string, unknown>).extra).toBe(true);
  });

  it('gives no config when there are errors', () => {
    const result = validateConfig(SampleConfig, { url: 'not a url' });
    expect(result.config).toBeUndefined();
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('puts config. before default class-validator messages', () => {
    expect(validateConfig(SampleConfig, { url: 'not a url' }).errors).toEqual(['config.url must be a URL address']);
  });

  it('reports the failed constraint of a property', () => {
    const { errors } = validateConfig(SampleConfig, { url: 'https://x.example.com', retries: 2.5 });
    expect(errors).toEqual(['config.retries must be an integer number']);
    expect(validateConfig(SampleConfig, { url: 'https://x.example.com', retries: 11 }).errors).toEqual([
      'config.retries must not be greater than 10',
    ]);
    expect(validateConfig(SampleConfig, { url: 'https://x.example.com', retries: 0 }).errors).toEqual([
      'config.retries must not be less than 1',
    ]);
  });

  it('reports one failed constraint per property, so a field is not named three times', () => {
    const { errors } = validateConfig(SampleConfig, { url: 'https://x.example.com', retries: 'many' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^config\.retries must /);
  });

  it('reports missing required properties', () => {
    expect(validateConfig(SampleConfig, {}).errors).toEqual(['config.url must be a URL address']);
  });

  it('names the property before a custom message that does not start with it', () => {
    expect(validateConfig(SampleConfig, { url: 'https://x.example.com', channel: 42 }).errors).toEqual([
      'config.channel: Channel name must be text',
    ]);
  });

  it('reports errors of several properties', () => {
    const { errors } = validateConfig(SampleConfig, { url: 'not a url', retries: 4, channel: false });
    expect(errors).toEqual(['config.url must be a URL address', 'config.channel: Channel name must be text']);
  });

  it('gives nested properties dotted paths', () => {
    const { errors } = validateConfig(SampleConfig, { url: 'https://x.example.com', auth: { user: 7 } });
    expect(errors).toEqual(['config.auth.user must be a string', 'config.auth.password: a password is required']);
  });

  it('accepts a valid nested object and transforms it', () => {
    const { config, errors } = validateConfig(SampleConfig, {
      url: 'https://x.example.com',
      auth: { user: 'bot', password: 'pw' },
    });
    expect(errors).toEqual([]);
    expect(config?.auth).toBeInstanceOf(Auth);
  });
});

class Recipient {
  @IsString({ message: 'too many characters' })
  to!: string;
}

describe('validateConfig regressions', () => {
  it('names the property before a custom message that merely starts with the same letters', () => {
    expect(validateConfig(Recipient, { to: 5 }).errors).toEqual(['config.to: too many characters']);
  });
});
