/** `<org>/<team>` or `<org>`: registry names, as the quay_notification target accepts them. */
const NAME = '[a-z0-9][a-z0-9._-]{0,254}';
const TEAM = new RegExp(`^${NAME}/${NAME}$`);
const ORG = new RegExp(`^${NAME}$`);

/**
 * The `herald_teams` (`["<org>/<team>", ...]`) or `herald_orgs` (`["<org>", ...]`) claim: the teams and organizations
 * the registry says the user belongs to, whose in-app notifications they see. Absent grants none; a malformed one is
 * undefined, so the token is refused rather than half read.
 */
export function parseMembershipClaim(value: unknown, kind: 'team' | 'org'): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const pattern = kind === 'team' ? TEAM : ORG;
  if (!value.every((v) => typeof v === 'string' && pattern.test(v))) return undefined;
  return [...new Set(value as string[])];
}
