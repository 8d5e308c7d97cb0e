import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  /** Stored beside each value, so values sealed under an older key still open after a rotation. */
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class SecretKeyError extends Error {}

/**
 * AES-256-GCM for config secrets at rest: `enc:v1:<key id>:<iv>:<tag>:<ciphertext>`, base64url. The first key seals;
 * every key opens.
 */
export class SecretBox {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new SecretKeyError('at least one encryption key is required');
    for (const k of keys) {
      if (!KEY_ID.test(k.id)) throw new SecretKeyError(`key id "${k.id}" must be 1-32 letters, digits, _ or -`);
      if (k.key.length !== 32) throw new SecretKeyError(`key "${k.id}" must be 32 bytes (base64 of 32 random bytes)`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeKeyId(): string {
    return this.keys[0].id;
  }

  /** Whether a value sealed under this key id can be opened here. */
  hasKey(id: string): boolean {
    return this.byId.has(id);
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  static keyIdOf(value: string): string | undefined {
    return SecretBox.isSealed(value) ? value.slice(PREFIX.length).split(':')[0] : undefined;
  }

  seal(plain: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated too: a value cannot be passed off as sealed under another key.
    cipher.setAAD(Buffer.from(id));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`;
  }

  /** The plain text of a sealed value; a value that is not sealed (stored before encryption) is returned as it is. */
  open(value: string): string {
    if (!SecretBox.isSealed(value)) return value;
    const [id, iv, tag, data] = value.slice(PREFIX.length).split(':');
    const key = this.byId.get(id);
    if (!key) throw new SecretKeyError(`a secret is sealed under key "${id}", which is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** HERALD_ENCRYPTION_KEYS: "id:base64key,olderId:base64key", the first one sealing new values. */
export function parseEncryptionKeys(raw: string): EncryptionKey[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at < 1) throw new SecretKeyError(`"${entry.slice(0, 8)}…" is not id:base64key`);
      return { id: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') };
    });
}
