import { createHash, randomBytes, randomInt } from 'node:crypto';

export const API_TOKEN_PREFIX = 'hrld_';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 12;
const SECRET_BYTES = 32;
// No `_` in the id, so the separator after it is unambiguous even though the base64url secret may contain `_`.
const TOKEN_PATTERN = /^hrld_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiTokenParts {
  tokenId: string;
  secret: string;
}

/** 12 alphanumerics, each drawn uniformly (randomInt has no modulo bias). */
export function newTokenId(): string {
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function newTokenSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function formatApiToken(parts: ApiTokenParts): string {
  return `${API_TOKEN_PREFIX}${parts.tokenId}_${parts.secret}`;
}

/** The id and secret of a `hrld_<id>_<secret>` token, or undefined when it is not one. */
export function parseApiToken(token: string): ApiTokenParts | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { tokenId: match[1], secret: match[2] } : undefined;
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
