import { CommandValidationError } from '../errors/domain.errors';
import { toAuthorizedEmailView } from './authorized-email.view';
import { hashConfirmationCode, newConfirmationCode } from './confirmation-code';
import { authorizationId, requireEmailAddress } from './email-address';

describe('confirmation codes', () => {
  it('are 256 random bits in base64url, different every time, stored only as a SHA-256', () => {
    const a = newConfirmationCode();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newConfirmationCode()).not.toBe(a);
    expect(hashConfirmationCode(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashConfirmationCode(a)).toBe(hashConfirmationCode(a));
    expect(hashConfirmationCode(a)).not.toContain(a);
  });
});

describe('requireEmailAddress', () => {
  it('accepts an address and names `email` otherwise', () => {
    expect(requireEmailAddress('ops@example.com')).toBe('ops@example.com');
    for (const bad of ['', 'nope', 'a@', `${'a'.repeat(250)}@b.co`, 42, undefined]) {
      expect(() => requireEmailAddress(bad)).toThrow(CommandValidationError);
      expect(() => requireEmailAddress(bad)).toThrow(/^email: /);
    }
  });

  it('keys an authorization by repository and address without case', () => {
    expect(authorizationId('acme/web', 'Ops@Example.COM')).toBe('acme/web ops@example.com');
  });
});

describe('toAuthorizedEmailView', () => {
  it("answers Quay's shape: the repository's own name, never the code", () => {
    const view = toAuthorizedEmailView({
      email: 'ops@example.com',
      repository: 'acme/web',
      namespace: 'acme',
      confirmed: true,
      code_hash: 'secret',
    } as never);
    expect(view).toEqual({ email: 'ops@example.com', repository: 'web', namespace: 'acme', confirmed: true });
  });
});
