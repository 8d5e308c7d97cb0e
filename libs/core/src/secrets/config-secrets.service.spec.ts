import { SecretField } from '@herald/plugin-sdk';
import type { ActionRegistry } from '../actions/action-registry.service';
import { ConfigSecrets } from './config-secrets.service';
import { maskSecret } from './mask-secret';
import { SecretBox } from './secret-box';

class HookConfig {
  @SecretField({ format: 'url' })
  url!: string;

  @SecretField()
  token!: string;

  @SecretField()
  headers?: Record<string, string>;

  channel!: string;
}

const registry = { get: (m: string) => (m === 'hook' ? { configClass: HookConfig } : undefined) };
const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };
const secrets = (...keys: (typeof k1)[]) =>
  new ConfigSecrets(new SecretBox(keys), registry as unknown as ActionRegistry);

describe('ConfigSecrets', () => {
  const plain = { url: 'https://hooks.example.com/services/T0/B0/XYZ?x=1', token: 'tok-123456', channel: '#ops' };

  it('seals the declared fields only, and opens them again', () => {
    const s = secrets(k1);
    const stored = s.seal('hook', plain);
    expect(stored.channel).toBe('#ops');
    expect(stored.url).toMatch(/^enc:v1:k1:/);
    expect(stored.token).toMatch(/^enc:v1:k1:/);
    expect(s.open(stored)).toEqual(plain);
  });

  it('masks for the API, sealed or stored in clear before encryption', () => {
    const s = secrets(k1);
    const expected = { url: 'https://hooks.example.com/services/T0/B0/***', token: '***', channel: '#ops' };
    expect(s.mask('hook', s.seal('hook', plain))).toEqual(expected);
    expect(s.mask('hook', plain)).toEqual(expected);
  });

  it('knows what a rotation must seal again: secrets in clear or under an older key', () => {
    const underOld = secrets(k1).seal('hook', plain);
    const s = secrets(k2, k1);
    expect(s.needsReseal('hook', plain)).toBe(true);
    expect(s.needsReseal('hook', underOld)).toBe(true);
    const resealed = s.seal('hook', underOld);
    expect(resealed.url).toMatch(/^enc:v1:k2:/);
    expect(s.needsReseal('hook', resealed)).toBe(false);
    expect(s.open(resealed)).toEqual(plain);
  });
});

describe('ConfigSecrets for the routing index snapshot', () => {
  const plain = { url: 'https://example.com/x', token: '', headers: { A: 'a' }, channel: '#ops' };

  it('seals what is in clear and leaves sealed values (under any key) as stored', () => {
    const underOld = secrets(k1).seal('hook', { ...plain, headers: undefined });
    const s = secrets(k2, k1);
    const mixed = { ...underOld, headers: { A: 'a' } };
    const out = s.sealedForTransit('hook', mixed) as Record<string, unknown>;
    expect(out.url).toBe(underOld.url);
    expect(out.token).toBe('');
    expect((out.headers as Record<string, string>).A).toMatch(/^enc:v1:k2:/);
    expect(out.channel).toBe('#ops');
    expect(s.open(out)).toEqual(plain);
    expect([...s.keyIdsOf(out)].sort()).toEqual(['k1', 'k2']);
    // Nothing in clear: the stored object itself, no copy.
    expect(s.sealedForTransit('hook', underOld)).toBe(underOld);
  });

  it('vouches for no config of a method whose plugin is not loaded', () => {
    expect(secrets(k1).sealedForTransit('gone', { url: 'https://example.com/secret' })).toBeUndefined();
  });

  it('tells the key ids it can open', () => {
    const s = secrets(k2, k1);
    expect(s.canOpen('k1')).toBe(true);
    expect(s.canOpen('k0')).toBe(false);
  });
});

describe('ConfigSecrets with a secret string map (custom headers)', () => {
  const plain = { url: 'https://example.com/x', token: '', headers: { Authorization: 'Bearer abcdef', 'X-N': 'n' } };

  it('seals, opens and masks each value, keeping the names visible', () => {
    const s = secrets(k1);
    const stored = s.seal('hook', plain);
    const headers = stored.headers as Record<string, string>;
    expect(headers.Authorization).toMatch(/^enc:v1:k1:/);
    expect(headers['X-N']).toMatch(/^enc:v1:k1:/);
    expect(s.open(stored)).toEqual(plain);
    expect(s.mask('hook', stored).headers).toEqual({ Authorization: '***', 'X-N': '***' });
  });

  it('reseals map values under a newer key', () => {
    const s = secrets(k2, k1);
    const underOld = secrets(k1).seal('hook', plain);
    expect(s.needsReseal('hook', underOld)).toBe(true);
    const resealed = s.seal('hook', underOld);
    expect(s.needsReseal('hook', resealed)).toBe(false);
    expect(s.open(resealed)).toEqual(plain);
  });
});

describe('maskSecret', () => {
  it.each([
    ['https://hooks.slack.com/services/T0/B0/XXXX', 'https://hooks.slack.com/services/T0/B0/***'],
    ['https://u:p@ci.example.com:8443/hook?token=abc', 'https://***@ci.example.com:8443/***'],
    ['http://127.0.0.1:9', 'http://127.0.0.1:9/***'],
  ])('shows %s as %s', (url, masked) => {
    expect(maskSecret(url, 'url')).toBe(masked);
  });

  it('hides an opaque secret entirely and leaves empty values alone', () => {
    expect(maskSecret('whsec_abc', 'opaque')).toBe('***');
    expect(maskSecret('', 'opaque')).toBe('');
    expect(maskSecret('not a url', 'url')).toBe('***');
  });
});
