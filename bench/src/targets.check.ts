import type { BenchOptions } from './options.config';
import type { ScaleResult } from './scale.types';
import type { ScenarioResult } from './scenario.types';
import { round } from './stats';

export interface TargetCheck {
  name: string;
  value: number | null;
  unit: string;
  target: string;
  /** PASS / FAIL; SKIP when a scenario it needs did not run; FAIL too when one of them broke. */
  result: 'PASS' | 'FAIL' | 'SKIP';
  /** Scenarios the figure comes from. */
  from: string[];
}

export interface RunOutcome {
  results: Map<string, ScenarioResult>;
  /** Scenarios that could not be measured, with the reason. */
  errors: Map<string, string>;
  /** The boot and resync scenarios. */
  scale: Map<string, ScaleResult>;
}

/**
 * Resync CPU per minute of Herald and of the servers (when this run started them), all paid for the resync, plus the
 * hourly full rebuild spread over the hour.
 */
export const resyncPercent = (r: ScaleResult | undefined): number | undefined =>
  r?.resync
    ? Object.values(r.resync.percentOfCorePerMinute).reduce((a, b) => a + b, 0) + r.resync.rebuildAmortizedPercent
    : undefined;

export const peakMb = (r: ScenarioResult): number =>
  Math.max(r.memory.maxRssMb, Number.isFinite(r.memory.hwmMb) ? r.memory.hwmMb : 0);

function closedRate(r: ScenarioResult | undefined): number | undefined {
  return r?.measurement.mode === 'closed' ? r.measurement.deliveriesPerSec : undefined;
}

/** The figures the brief sets targets for. */
export function checkTargets({ results, errors, scale }: RunOutcome, opts: BenchOptions): TargetCheck[] {
  const herald = ['a', 'email', 'b', 'c', 'hot', 'hot-unordered'].filter((id) => results.has(id) || errors.has(id));
  const heraldResults = herald.map((id) => results.get(id)).filter((r): r is ScenarioResult => !!r);
  const c = results.get('c')?.measurement;
  const open = c?.mode === 'open' ? c : undefined;
  const minRate = Math.round(opts.rate * 0.97);
  const check = (
    name: string,
    from: string[],
    value: () => number | undefined,
    unit: string,
    target: string,
    ok: (v: number) => boolean,
  ): TargetCheck => {
    const broke = from.some((id) => errors.has(id));
    const ran = from.length > 0 && from.every((id) => results.has(id) || scale.has(id));
    const v = ran ? value() : undefined;
    const known = v !== undefined && Number.isFinite(v);
    const result = broke ? 'FAIL' : !known ? 'SKIP' : ok(v) ? 'PASS' : 'FAIL';
    return { name, value: known ? round(v, 3) : null, unit, target, result, from };
  };
  const sum = (f: (r: ScenarioResult) => number) => heraldResults.reduce((s, r) => s + f(r), 0);
  const ratio = (x?: number, y?: number) => (x !== undefined && y ? x / y : undefined);
  return [
    check(
      `Herald N=${opts.notificationsSmall} / raw baseline throughput`,
      ['a', 'baseline'],
      () => ratio(closedRate(results.get('a')), closedRate(results.get('baseline'))),
      'x',
      '>= 0.5',
      (v) => v >= 0.5,
    ),
    check(
      'Herald e-mail (pooled SMTP) / webhook throughput',
      ['email', 'a'],
      () => ratio(closedRate(results.get('email')), closedRate(results.get('a'))),
      'x',
      '>= 0.25',
      (v) => v >= 0.25,
    ),
    check(
      `Herald N=${opts.notificationsLarge} / N=${opts.notificationsSmall} throughput`,
      ['b', 'a'],
      () => ratio(closedRate(results.get('b')), closedRate(results.get('a'))),
      'x',
      '>= 0.9',
      (v) => v >= 0.9,
    ),
    check(
      `open-loop p99 latency at ${opts.rate}/s`,
      ['c'],
      () => open?.sink.latencyMs.p99,
      'ms',
      '< 50',
      (v) => v < 50,
    ),
    check(
      'open-loop achieved publish rate',
      ['c'],
      () => open?.publish.achievedRate,
      '/s',
      `>= ${minRate}`,
      (v) => v >= minRate,
    ),
    check(
      'open-loop delivered rate',
      ['c'],
      () => open?.deliveredRate,
      '/s',
      `>= ${minRate}`,
      (v) => v >= minRate,
    ),
    check(
      'hot (one notification, strict) / raw serial baseline throughput',
      ['hot', 'baseline-serial'],
      () => ratio(closedRate(results.get('hot')), closedRate(results.get('baseline-serial'))),
      'x',
      '>= 0.5',
      (v) => v >= 0.5,
    ),
    check(
      'hot: deliveries out of order',
      ['hot'],
      () => results.get('hot')?.measurement.sink.outOfOrder,
      '',
      '= 0',
      (v) => v === 0,
    ),
    check(
      'hot-unordered (one notification) / raw baseline throughput',
      ['hot-unordered', 'baseline'],
      () => ratio(closedRate(results.get('hot-unordered')), closedRate(results.get('baseline'))),
      'x',
      '>= 0.5',
      (v) => v >= 0.5,
    ),
    check(
      `Herald boot, N=${opts.notificationsSmall}`,
      ['boot'],
      () => scale.get('boot')?.bootMs,
      'ms',
      'report',
      () => true,
    ),
    check(
      `Herald boot from the snapshot (restart), N=${opts.notificationsLarge}`,
      ['resync'],
      () => scale.get('resync')?.restart?.bootMs,
      'ms',
      '< 15000',
      // A restart that scanned instead is no boot from the snapshot: it fails the target whatever its time.
      (v) => v < 15_000 && scale.get('resync')?.restart?.source === 'snapshot',
    ),
    check(
      `Herald cold boot (no snapshot: full scan), N=${opts.notificationsLarge}`,
      ['resync'],
      () => scale.get('resync')?.bootMs,
      'ms',
      'report',
      () => true,
    ),
    check(
      `resync CPU per minute at N=${opts.notificationsLarge}, all processes, hourly rebuild included, % of one core`,
      ['resync'],
      () => resyncPercent(scale.get('resync')),
      '%',
      '< 1',
      (v) => v < 1,
    ),
    check(
      'missing deliveries, Herald scenarios',
      herald,
      () => sum((r) => r.measurement.sink.missing),
      '',
      '= 0',
      (v) => v === 0,
    ),
    check(
      'duplicate deliveries, Herald scenarios',
      herald,
      () => sum((r) => r.measurement.sink.duplicates),
      '',
      '= 0',
      (v) => v === 0,
    ),
    check(
      'Herald peak RSS, max of scenarios',
      herald,
      () => Math.max(...heraldResults.map(peakMb)),
      'MB',
      '< 400',
      (v) => v < 400,
    ),
  ];
}
