/** What one run does; each field can be set by a --flag or a BENCH_* environment variable. */
export interface BenchOptions {
  quick: boolean;
  /** Events per closed-loop burst (E). */
  events: number;
  /** Closed-loop bursts per scenario; the median burst is reported. */
  bursts: number;
  /** Warm-up events before each measurement. */
  warmup: number;
  /** Open loop: events per second and seconds. */
  rate: number;
  durationS: number;
  /** Notifications of scenarios (a)/(c) and of scenario (b). */
  notificationsSmall: number;
  notificationsLarge: number;
  /** Repositories events go to, each with exactly one matching notification. */
  targets: number;
  /** How long Herald may take to load its routing index and answer /health 200. */
  bootTimeoutS: number;
  /** After the last publish: how long to wait for deliveries still on their way before counting them missing. */
  maxWaitS: number;
  /** Publish acks outstanding at most in the closed loop. */
  maxOutstanding: number;
  /** Baseline consumer's messages in flight (Herald's default delivery concurrency). */
  concurrency: number;
  /** Validate each event in @herald/publisher before sending (off by default: see README). */
  validate: boolean;
  /** Write a --cpu-prof profile of each Herald child to this directory. */
  cpuProfDir?: string;
  /** Events per burst of the hot scenarios: all to one repository and one notification. */
  hotEvents: number;
  /** Scenarios to run: baseline, baseline-open, baseline-serial, a, email, b, c, hot, hot-unordered, boot, resync. */
  only: Set<string>;
}

export const SCENARIOS = [
  'baseline',
  'baseline-open',
  'baseline-serial',
  'a',
  'email',
  'b',
  'c',
  'hot',
  'hot-unordered',
  'boot',
  'resync',
];

const USAGE = `usage: npm run bench -- [--quick] [--events=N] [--bursts=N] [--warmup=N] [--rate=R] [--duration=S]
  [--notifications=N] [--notifications-large=N] [--targets=N] [--outstanding=N] [--concurrency=N] [--max-wait=S] [--boot-timeout=S]
  [--hot-events=N] [--validate] [--cpu-prof[=DIR]] [--only=${SCENARIOS.join(',')}]
Environment: BENCH_QUICK, BENCH_EVENTS, BENCH_BURSTS, BENCH_WARMUP, BENCH_RATE, BENCH_DURATION, BENCH_NOTIFICATIONS,
  BENCH_NOTIFICATIONS_LARGE, BENCH_TARGETS, BENCH_OUTSTANDING, BENCH_MAX_WAIT, BENCH_BOOT_TIMEOUT, BENCH_CONCURRENCY, BENCH_VALIDATE, BENCH_CPU_PROF, BENCH_HOT_EVENTS,
  BENCH_ONLY; HERALD_NATS_URL / HERALD_MONGODB_URI use external servers instead of a local stack.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
  }
}

function parseArgv(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '-h' || arg === '--help') throw new UsageError('');
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument ${arg}`);
    flags.set(m[1], m[2] ?? 'true');
  }
  return flags;
}

export function loadOptions(argv = process.argv.slice(2), env = process.env, defaultProfDir = ''): BenchOptions {
  const flags = parseArgv(argv);
  const raw = (flag: string): string | undefined => {
    const value = flags.get(flag) ?? env[`BENCH_${flag.toUpperCase().replace(/-/g, '_')}`];
    return value === '' ? undefined : value;
  };
  const bool = (flag: string) => ['true', '1', 'yes'].includes(raw(flag) ?? 'false');
  const int = (flag: string, fallback: number, min = 1): number => {
    const value = raw(flag);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min}, got ${value}`);
    return n;
  };
  const known = new Set([
    ...['quick', 'events', 'bursts', 'warmup', 'rate', 'duration', 'notifications', 'notifications-large', 'targets'],
    ...['outstanding', 'max-wait', 'boot-timeout', 'concurrency', 'validate', 'cpu-prof', 'only', 'hot-events'],
  ]);
  for (const flag of flags.keys()) if (!known.has(flag)) throw new UsageError(`unknown option --${flag}`);

  const quick = bool('quick');
  const targets = int('targets', 100);
  const prof = raw('cpu-prof');
  const only = new Set((raw('only') ?? SCENARIOS.join(',')).split(',').map((s) => s.trim()));
  for (const s of only) if (!SCENARIOS.includes(s)) throw new UsageError(`--only: unknown scenario ${s}`);
  const options: BenchOptions = {
    quick,
    events: int('events', quick ? 3000 : 20_000),
    // One burst's figure swings by 10 % or more on a shared machine; the median of three is steadier.
    bursts: int('bursts', 3),
    warmup: int('warmup', 200, 0),
    rate: int('rate', 500),
    durationS: int('duration', quick ? 4 : 10),
    notificationsSmall: int('notifications', 100),
    notificationsLarge: int('notifications-large', quick ? 10_000 : 100_000),
    targets,
    maxWaitS: int('max-wait', quick ? 7 : 45),
    bootTimeoutS: int('boot-timeout', quick ? 60 : 300),
    maxOutstanding: int('outstanding', 256),
    concurrency: int('concurrency', Number(env.HERALD_DELIVERY_CONCURRENCY || 32)),
    hotEvents: int('hot-events', quick ? 3000 : 20_000),
    validate: bool('validate'),
    cpuProfDir:
      prof === undefined || prof === 'false' || prof === '0'
        ? undefined
        : prof === 'true' || prof === '1'
          ? defaultProfDir
          : prof,
    only,
  };
  if (options.notificationsSmall < targets || options.notificationsLarge < targets) {
    throw new UsageError(`--notifications and --notifications-large must be >= --targets (${targets})`);
  }
  return options;
}
