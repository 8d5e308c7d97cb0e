import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: unguessable, and harmless in a link. */
export function newConfirmationCode(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of the code: a database reader cannot confirm an address with it. */
export function hashConfirmationCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
