/**
 * Delay before retry number `retry` (1-based), with +/-20% jitter so that a receiver that comes back is not hit by every
 * queued retry at the same instant. Undefined once the schedule is exhausted.
 */
export function retryDelayMs(schedule: readonly number[], retry: number, random: () => number = Math.random) {
  const base = schedule[retry - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()));
}
