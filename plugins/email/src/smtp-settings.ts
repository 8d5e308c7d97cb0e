/** The SMTP relay every e-mail goes through: deployment configuration, never a notification's. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (port 465 style). */
  secure: boolean;
  /** STARTTLS: `require` refuses a server without it, `never` does not try it, `auto` upgrades when offered. */
  startTls: 'auto' | 'require' | 'never';
  user?: string;
  password?: string;
  /** The From header (and envelope sender). */
  from: string;
  /** Connections the pooled transport keeps open. */
  poolSize: number;
  /** Prefix of the address-confirmation mail's subject (Quay uses the registry's title). */
  title: string;
}

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

function positiveInt(env: Env, name: string, fallback: number, max = 65535): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be an integer from 1 to ${max}`);
  return n;
}

function startTls(env: Env): SmtpSettings['startTls'] {
  const raw = env.HERALD_SMTP_STARTTLS?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (raw === 'require' || raw === 'true') return 'require';
  if (raw === 'never' || raw === 'false') return 'never';
  throw new Error(`HERALD_SMTP_STARTTLS must be auto, require or never, not "${env.HERALD_SMTP_STARTTLS}"`);
}

/** HERALD_SMTP_*; a bad value throws at load, so a misconfigured relay is seen at boot rather than at the first mail. */
export function smtpSettingsFromEnv(env: Env): SmtpSettings {
  const secure = flag(env, 'HERALD_SMTP_SECURE', false);
  const user = env.HERALD_SMTP_USER || undefined;
  if (user && !env.HERALD_SMTP_PASSWORD) throw new Error('HERALD_SMTP_USER is set without HERALD_SMTP_PASSWORD');
  const from = env.HERALD_SMTP_FROM?.trim() || 'Herald <herald@localhost>';
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from)) {
    throw new Error(`HERALD_SMTP_FROM must be an address or "Name <address>", not "${from}"`);
  }
  return {
    host: env.HERALD_SMTP_HOST?.trim() || 'localhost',
    port: positiveInt(env, 'HERALD_SMTP_PORT', secure ? 465 : 25),
    secure,
    startTls: startTls(env),
    user,
    password: user ? env.HERALD_SMTP_PASSWORD : undefined,
    from,
    // SMTP has no pipelining here: four round trips a mail, so throughput grows with connections (bench: 5 -> 10 doubled it).
    poolSize: positiveInt(env, 'HERALD_SMTP_POOL_SIZE', 10, 100),
    title: env.HERALD_SMTP_TITLE?.trim() || 'Herald',
  };
}
