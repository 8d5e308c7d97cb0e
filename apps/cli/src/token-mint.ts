import { createHmac, createPrivateKey, KeyObject, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './cli.commands';

export const TOKEN_MINT_USAGE =
  'token mint [--sub <subject>] [--repository <ns/repo>]... [--namespace <ns>]... [--actions <a,b>] [--superuser] ' +
  '[--team <org/team>]... [--org <org>]... ' +
  '[--expires <30m|12h|7d>] [--secret-file <file> | --key-file <private.pem> [--kid <id>]] [--issuer <iss>] [--audience <aud>]';

/** What goes into a registry-format bearer token. */
export interface TokenClaims {
  subject: string;
  repositories: string[];
  namespaces: string[];
  actions: string[];
  superuser: boolean;
  /** `herald_teams` and `herald_orgs`: whose in-app notifications the bearer sees besides their own. */
  teams?: string[];
  orgs?: string[];
  expiresInSec: number;
  issuer?: string;
  audience?: string;
}

/** An HMAC secret (HS256) or a private key (RS256, ES256/384/512, EdDSA by its type). */
export type SigningKey = { secret: string } | { key: KeyObject; kid?: string };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function asymmetric(key: KeyObject): { alg: string; sign(data: Buffer): Buffer } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { alg: 'RS256', sign: (d) => sign('sha256', d, key) };
  if (type === 'ed25519') return { alg: 'EdDSA', sign: (d) => sign(null, d, key) };
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    const bits = curve === 'prime256v1' ? 256 : curve === 'secp384r1' ? 384 : curve === 'secp521r1' ? 512 : 0;
    if (bits) {
      // JWS wants the raw r||s form, not DER.
      return { alg: `ES${bits}`, sign: (d) => sign(`sha${bits}`, d, { key, dsaEncoding: 'ieee-p1363' }) };
    }
  }
  throw new UsageError(
    `--key-file: a ${type ?? 'non-asymmetric'} key is not one Herald verifies (RSA, EC P-256/384/521, Ed25519)`,
  );
}

/** A compact JWS in the Docker registry token format (`sub`, `access`), as Herald's authenticator reads it. */
export function mintToken(claims: TokenClaims, signing: SigningKey, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const access = [
    ...claims.repositories.map((name) => ({ type: 'repository', name, actions: claims.actions })),
    ...claims.namespaces.map((name) => ({ type: 'namespace', name, actions: claims.actions })),
  ];
  const payload: Record<string, unknown> = { sub: claims.subject, iat, exp: iat + claims.expiresInSec, access };
  if (claims.superuser) payload.superuser = true;
  if (claims.teams?.length) payload.herald_teams = claims.teams;
  if (claims.orgs?.length) payload.herald_orgs = claims.orgs;
  if (claims.issuer) payload.iss = claims.issuer;
  if (claims.audience) payload.aud = claims.audience;
  if ('secret' in signing) {
    const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
    return `${input}.${createHmac('sha256', signing.secret).update(input).digest('base64url')}`;
  }
  const signer = asymmetric(signing.key);
  const header = { alg: signer.alg, typ: 'JWT', ...(signing.kid ? { kid: signing.kid } : {}) };
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${signer.sign(Buffer.from(input)).toString('base64url')}`;
}

const UNIT_SEC: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export function parseExpiry(raw: string): number {
  const m = /^(\d+)([smhd])$/.exec(raw.trim());
  if (!m || Number(m[1]) === 0)
    throw new UsageError(`--expires must be a duration such as 30m, 12h or 7d, got "${raw}"`);
  return Number(m[1]) * UNIT_SEC[m[2]];
}

function readFile(option: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${option}: cannot read ${file}: ${(err as Error).message}`);
  }
}

/**
 * The key Herald verifies with: a private key file, a secret file, HERALD_JWT_SECRET, or the development secret that
 * Herald's local stack made in its data folder, in that order.
 */
function signingKey(values: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string): SigningKey {
  if (values['key-file']) {
    const pem = readFile('--key-file', values['key-file'] as string);
    try {
      return { key: createPrivateKey(pem), kid: values.kid as string | undefined };
    } catch (err) {
      throw new UsageError(`--key-file: not a private key in PEM: ${(err as Error).message}`);
    }
  }
  if (values['secret-file']) return { secret: readFile('--secret-file', values['secret-file'] as string).trim() };
  if (env.HERALD_JWT_SECRET) return { secret: env.HERALD_JWT_SECRET };
  const dev = path.resolve(cwd, env.HERALD_DATA_DIR || '.herald', 'jwt.secret');
  if (fs.existsSync(dev)) return { secret: readFile('development secret', dev).trim() };
  throw new UsageError(
    `no signing key: set HERALD_JWT_SECRET, or pass --secret-file or --key-file (Herald's local stack writes ${dev} on its first start)`,
  );
}

/** `herald token mint ...`: prints a bearer token signed with the key Herald is configured with. */
export function tokenMint(argv: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      sub: { type: 'string', default: 'admin' },
      repository: { type: 'string', multiple: true, default: [] },
      namespace: { type: 'string', multiple: true, default: [] },
      actions: { type: 'string', default: 'admin' },
      superuser: { type: 'boolean', default: false },
      team: { type: 'string', multiple: true, default: [] },
      org: { type: 'string', multiple: true, default: [] },
      expires: { type: 'string', default: '12h' },
      'secret-file': { type: 'string' },
      'key-file': { type: 'string' },
      kid: { type: 'string' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`usage: herald ${TOKEN_MINT_USAGE}`);
  const repositories = values.repository;
  for (const r of repositories) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(r)) throw new UsageError(`--repository must be namespace/name, got "${r}"`);
  }
  for (const t of values.team) {
    if (!/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/.test(t))
      throw new UsageError(`--team must be org/team, got "${t}"`);
  }
  for (const o of values.org) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(o)) throw new UsageError(`--org must be an organization name, got "${o}"`);
  }
  // A token for the notification area alone needs no grant: its subject (and teams, organizations) are enough.
  const member = values.team.length > 0 || values.org.length > 0;
  if (!repositories.length && !values.namespace.length && !values.superuser && !member) {
    throw new UsageError(
      'give --repository, --namespace, --team, --org or --superuser: a token with no access is refused everywhere',
    );
  }
  const actions = values.actions
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (!actions.length) throw new UsageError('--actions must list at least one action, e.g. admin or pull,push');
  return mintToken(
    {
      subject: values.sub,
      repositories,
      namespaces: values.namespace,
      actions,
      superuser: values.superuser,
      teams: values.team,
      orgs: values.org,
      expiresInSec: parseExpiry(values.expires),
      // Herald checks these when they are set, so a token minted beside it carries them.
      issuer: values.issuer ?? (env.HERALD_JWT_ISSUER || undefined),
      audience: values.audience ?? (env.HERALD_JWT_AUDIENCE || undefined),
    },
    signingKey(values, env, cwd),
  );
}
