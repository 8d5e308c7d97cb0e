/** MongoDB refuses keys that start with `$` or hold `.` or NUL (or, worse, reads `$gt` as an operator). */
const UNSTORABLE_KEY = /^\$|\.|\0/;

/**
 * The config's keys that cannot be stored, each named by its dotted path, so that a config a plugin accepted without
 * checking its extra keys is a 400 rather than the database's 500. Iterative: no depth can exhaust the stack.
 */
export function unstorableKeys(config: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const stack: [unknown, string][] = [[config, 'config']];
  while (stack.length) {
    const [value, path] = stack.pop() as [unknown, string];
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      if (!Array.isArray(value) && UNSTORABLE_KEY.test(key)) {
        errors.push(`${path}: the key ${JSON.stringify(key)} cannot be stored (no leading $, no . or NUL in keys)`);
      }
      stack.push([child, `${path}.${key}`]);
    }
  }
  return errors;
}
