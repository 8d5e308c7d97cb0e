import { formatApiToken, hashTokenSecret, newTokenId, newTokenSecret, parseApiToken } from './api-token.format';

describe('API token format', () => {
  it('round-trips hrld_<id>_<secret>, even when the secret contains _ and -', () => {
    for (let i = 0; i < 200; i++) {
      const parts = { tokenId: newTokenId(), secret: newTokenSecret() };
      expect(parts.tokenId).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(Buffer.from(parts.secret, 'base64url')).toHaveLength(32);
      expect(parseApiToken(formatApiToken(parts))).toEqual(parts);
    }
    const tricky = { tokenId: 'abcDEF012345', secret: '_-' + 'a'.repeat(39) + '_-' };
    expect(parseApiToken(formatApiToken(tricky))).toEqual(tricky);
  });

  it.each([
    'hrld_short_' + 'a'.repeat(43),
    'hrld_abcDEF012345_' + 'a'.repeat(42),
    'hrld_abcDEF012345_' + 'a'.repeat(44),
    'hrld_abcDEF01234_' + 'a'.repeat(44),
    'hrld_abcDEF012345-' + 'a'.repeat(43),
    'hrld_abcDEF012345_' + 'a'.repeat(42) + '=',
    'xrld_abcDEF012345_' + 'a'.repeat(43),
  ])('rejects %s', (token) => {
    expect(parseApiToken(token)).toBeUndefined();
  });

  it('hashes the secret as hex SHA-256', () => {
    expect(hashTokenSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
