/**
 * How a notification's deliveries leave its lane. `strict`: one at a time, in publish order, and a head waiting for its
 * retry holds the lane (head-of-line blocking, the honest meaning of "in order"). `none`: up to `max_in_flight` at once,
 * retries scheduled beside newer deliveries, so a failing delivery holds nothing up.
 */
export type LaneOrdering = 'strict' | 'none';
export const LANE_ORDERINGS: readonly LaneOrdering[] = ['strict', 'none'];

export interface RateLimit {
  /** Sends per second, fractions allowed (0.5: one every two seconds). */
  per_second: number;
  /** Sends allowed at once after a quiet spell. */
  burst: number;
}

export interface LaneSettings {
  ordering: LaneOrdering;
  max_in_flight: number;
  rate_limit: RateLimit | null;
}

export const DEFAULT_LANE: LaneSettings = Object.freeze({ ordering: 'strict', max_in_flight: 1, rate_limit: null });

/** Applies to `ordering: "none"` when the notification does not say. */
export const DEFAULT_UNORDERED_IN_FLIGHT = 8;
export const MAX_RATE_PER_SECOND = 10_000;
export const MAX_BURST = 1_000;

export interface LaneInput {
  ordering?: unknown;
  max_in_flight?: unknown;
  rate_limit?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem at once, each naming its field; `maxInFlight` is the plugin's own concurrency, the upper bound. */
export function validateLaneInput(input: LaneInput, maxInFlight: number): { settings: LaneSettings; errors: string[] } {
  const errors: string[] = [];
  const { ordering = 'strict', max_in_flight, rate_limit } = input;
  if (!LANE_ORDERINGS.includes(ordering as LaneOrdering)) {
    errors.push(`ordering must be one of: ${LANE_ORDERINGS.join(', ')}`);
  }
  let inFlight = ordering === 'none' ? Math.min(DEFAULT_UNORDERED_IN_FLIGHT, maxInFlight) : 1;
  if (max_in_flight !== undefined && max_in_flight !== null) {
    if (ordering !== 'none') errors.push('max_in_flight applies only with ordering "none"');
    else if (
      !Number.isInteger(max_in_flight) ||
      (max_in_flight as number) < 1 ||
      (max_in_flight as number) > maxInFlight
    ) {
      errors.push(`max_in_flight must be an integer from 1 to ${maxInFlight}`);
    } else inFlight = max_in_flight as number;
  }
  let limit: RateLimit | null = null;
  if (rate_limit !== undefined && rate_limit !== null) {
    if (!isObject(rate_limit)) errors.push('rate_limit must be an object like {"per_second": 1}');
    else {
      const unknown = Object.keys(rate_limit).filter((k) => k !== 'per_second' && k !== 'burst');
      if (unknown.length) errors.push(`rate_limit has unknown field(s): ${unknown.join(', ')}`);
      const { per_second, burst = 1 } = rate_limit;
      const rateOk = typeof per_second === 'number' && per_second > 0 && per_second <= MAX_RATE_PER_SECOND;
      if (!rateOk) errors.push(`rate_limit.per_second must be a number above 0 and at most ${MAX_RATE_PER_SECOND}`);
      const burstOk = Number.isInteger(burst) && (burst as number) >= 1 && (burst as number) <= MAX_BURST;
      if (!burstOk) errors.push(`rate_limit.burst must be an integer from 1 to ${MAX_BURST}`);
      if (rateOk && burstOk) limit = { per_second: per_second, burst: burst as number };
    }
  }
  return { settings: { ordering: ordering as LaneOrdering, max_in_flight: inFlight, rate_limit: limit }, errors };
}

/** The settings a stored notification asks for; older documents have none and get the default. */
export function laneSettingsOf(n: {
  ordering?: string;
  max_in_flight?: number;
  rate_limit?: RateLimit | null;
}): LaneSettings {
  if (n.ordering !== 'none' && !n.rate_limit) return DEFAULT_LANE;
  return {
    ordering: n.ordering === 'none' ? 'none' : 'strict',
    max_in_flight: n.ordering === 'none' ? (n.max_in_flight ?? DEFAULT_UNORDERED_IN_FLIGHT) : 1,
    rate_limit: n.rate_limit ?? null,
  };
}
