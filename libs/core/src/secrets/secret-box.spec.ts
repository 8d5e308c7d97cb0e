import { parseEncryptionKeys, SecretBox, SecretKeyError } from './secret-box';

const key = (id: string, fill: number) => ({ id, key: Buffer.alloc(32, fill) });

describe('SecretBox', () => {
  it('seals with AES-256-GCM under the first key and opens what it sealed', () => {
    const box = new SecretBox([key('k2', 2), key('k1', 1)]);
    const sealed = box.seal('https://u:p@hooks.example.com/x?token=abc');
    expect(sealed).toMatch(/^enc:v1:k2:/);
    expect(sealed).not.toContain('token');
    expect(box.open(sealed)).toBe('https://u:p@hooks.example.com/x?token=abc');
    // A fresh IV every time.
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('opens values sealed under an older key, and refuses a key it does not have', () => {
    const old = new SecretBox([key('k1', 1)]).seal('secret');
    expect(new SecretBox([key('k2', 2), key('k1', 1)]).open(old)).toBe('secret');
    expect(() => new SecretBox([key('k2', 2)]).open(old)).toThrow(/sealed under key "k1", which is not configured/);
  });

  it('detects tampering, including a value passed off as sealed under another key id', () => {
    const box = new SecretBox([key('k1', 1), key('k2', 1)]);
    const sealed = box.seal('secret');
    const parts = sealed.split(':');
    parts[parts.length - 1] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow();
    // Same key bytes under another id: the id is authenticated, so it does not open.
    expect(() => box.open(sealed.replace('enc:v1:k1:', 'enc:v1:k2:'))).toThrow();
  });

  it('returns a value stored before encryption as it is', () => {
    expect(new SecretBox([key('k1', 1)]).open('https://plain.example.com')).toBe('https://plain.example.com');
  });

  it('refuses keys of the wrong size or with a bad id', () => {
    expect(() => new SecretBox([])).toThrow(SecretKeyError);
    expect(() => new SecretBox([{ id: 'k1', key: Buffer.alloc(16) }])).toThrow(/must be 32 bytes/);
    expect(() => new SecretBox([key('bad:id', 1)])).toThrow(/key id/);
  });

  it('parses HERALD_ENCRYPTION_KEYS', () => {
    const b64 = Buffer.alloc(32, 5).toString('base64');
    expect(parseEncryptionKeys(` new:${b64} , old:${b64}`).map((k) => k.id)).toEqual(['new', 'old']);
    expect(() => parseEncryptionKeys('nocolon')).toThrow(/is not id:base64key/);
  });
});
