import { RE2JS } from 're2js';
import { allowedFilterKeys, EventKind, expiringInDays, priorityIndex, VULNERABILITY_PRIORITIES } from '@herald/events';

/** Stored as the notification's `event_config`, with Quay's key names. */
export type EventConfig = Record<string, unknown>;

const PRIORITY_NAMES = Object.keys(VULNERABILITY_PRIORITIES).join(', ');
const MAX_LEVEL = Math.max(...Object.values(VULNERABILITY_PRIORITIES));

/**
 * Longest ref or tag a filter is matched against; a longer value never matches. Docker tags stop at 128 characters and
 * Git refs are far below this, and it bounds the linear-time engine's work on hostile input to well under a millisecond.
 */
export const MAX_FILTERED_VALUE_LENGTH = 1024;

/** Admin-supplied patterns are untrusted: RE2 semantics match in linear time, so no pattern can hang the event loop. */
const compiled = new Map<string, RE2JS>();

function compile(source: string): RE2JS {
  let re = compiled.get(source);
  if (!re) {
    re = RE2JS.compile(source);
    compiled.set(source, re);
  }
  return re;
}

/** Patterns stored before filters ran on RE2 may not compile: such a filter matches nothing, and never throws. */
const unusable = new Set<string>();

/** Quay matches with Python's re.match: anchored at the start only, which is RE2's lookingAt. */
function matchesFromStart(source: string, value: string): boolean {
  if (value.length > MAX_FILTERED_VALUE_LENGTH || unusable.has(source)) return false;
  try {
    return compile(source).matcher(value).lookingAt();
  } catch {
    unusable.add(source);
    return false;
  }
}

function checkRegex(key: string, value: unknown, errors: string[]): string | undefined {
  if (typeof value !== 'string') {
    errors.push(`eventConfig.${key} must be a string holding a regular expression`);
    return undefined;
  }
  try {
    compile(value);
    return value;
  } catch (err) {
    // RE2 refuses what cannot run in linear time (backreferences, lookaround): say which construct.
    errors.push(
      `eventConfig.${key} is not a valid regular expression: ${(err as Error).message} (RE2 syntax: no backreferences or lookaround)`,
    );
    return undefined;
  }
}

/** Accepts 1, "1" or a priority name such as "High"; stores the index. */
function checkLevel(value: unknown, errors: string[]): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= 0 && n <= MAX_LEVEL) return n;
  const byName = typeof value === 'string' ? priorityIndex(value) : undefined;
  if (byName !== undefined) return byName;
  errors.push(`eventConfig.level must be a priority index 0-${MAX_LEVEL} or one of ${PRIORITY_NAMES}`);
  return undefined;
}

/** Quay's `days` on repo_image_expiry: a whole number of days above 0, given as a number or a digit string. */
function checkDays(value: unknown, errors: string[]): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n > 0) return n;
  errors.push('eventConfig.days must be a whole number of days greater than 0');
  return undefined;
}

const CHECKS: Record<string, (key: string, value: unknown, errors: string[]) => unknown> = {
  level: (_key, value, errors) => checkLevel(value, errors),
  days: (_key, value, errors) => checkDays(value, errors),
};

/** Validates filters at creation time so that a bad filter is a 400, never a notification that silently never fires. */
export function validateEventConfig(event: EventKind, raw: unknown): { config: EventConfig; errors: string[] } {
  if (raw === undefined || raw === null) return { config: {}, errors: [] };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { config: {}, errors: ['eventConfig must be a JSON object'] };
  const allowed = allowedFilterKeys(event);
  const errors: string[] = [];
  const config: EventConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!allowed.includes(key)) {
      const list = allowed.length ? allowed.join(', ') : 'none';
      errors.push(`eventConfig.${key} is not a filter of ${event}; allowed: ${list}`);
      continue;
    }
    // Quay's UI sends an empty string for "no filter".
    if (value === '' || value === null) continue;
    const checked = (CHECKS[key] ?? checkRegex)(key, value, errors);
    if (checked !== undefined) config[key] = checked;
  }
  return { config, errors };
}

function tagsOf(event: EventKind, payload: Record<string, unknown>): string[] {
  const raw =
    event === 'repo_push'
      ? payload.updated_tags
      : event === 'vulnerability_found' || event === 'repo_image_expiry'
        ? payload.tags
        : payload.docker_tags;
  if (Array.isArray(raw)) return raw.filter((t): t is string => typeof t === 'string');
  return raw && typeof raw === 'object' ? Object.keys(raw) : [];
}

/** Whether an event passes a notification's filters (Quay's semantics for ref-regex, level and days). */
export function matchesEventConfig(event: EventKind, config: EventConfig, payload: Record<string, unknown>): boolean {
  const refRegex = config['ref-regex'];
  if (typeof refRegex === 'string' && refRegex !== '') {
    const ref = (payload.trigger_metadata as { ref?: unknown } | undefined)?.ref;
    if (typeof ref !== 'string' || !matchesFromStart(refRegex, ref)) return false;
  }
  const level = config.level;
  if (typeof level === 'number') {
    const priority = (payload.vulnerability as { priority?: unknown } | undefined)?.priority;
    const index = typeof priority === 'string' ? priorityIndex(priority) : undefined;
    if (index === undefined || index > level) return false;
  }
  // Quay's expiry worker raises the event per notification within its `days`; here the registry raises it once with
  // `expiring_in`, and a notification fires when that is within its days. Unknown expiry: no fire, like ref-regex.
  const days = config.days;
  if (typeof days === 'number') {
    const left = expiringInDays(payload);
    if (left === undefined || left > days) return false;
  }
  const tagRegex = config['tag-regex'];
  if (typeof tagRegex === 'string' && tagRegex !== '') {
    if (!tagsOf(event, payload).some((t) => matchesFromStart(tagRegex, t))) return false;
  }
  return true;
}
