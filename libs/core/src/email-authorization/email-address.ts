import { isEmail } from 'class-validator';
import { CommandValidationError } from '../errors/domain.errors';

const MAX_ADDRESS = 254;

/** The address from a path or body, or a 400 naming `email`. */
export function requireEmailAddress(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_ADDRESS || !isEmail(value)) {
    throw new CommandValidationError([`email: ${JSON.stringify(value)} is not a valid e-mail address`]);
  }
  return value;
}

/** Addresses compare without case: mail systems treat them so in practice, and so does Quay's look-up. */
export function authorizationId(repository: string, email: string): string {
  return `${repository} ${email.toLowerCase()}`;
}
