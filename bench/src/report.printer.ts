import * as os from 'node:os';
import type { BenchOptions } from './options.config';
import type { ScaleResult } from './scale.types';
import type { ScenarioResult } from './scenario.types';
import { round } from './stats';
import type { RunOutcome, TargetCheck } from './targets.check';

const f = (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? '-' : round(v, d).toFixed(d));

function table(header: string[], rows: (string | number)[][], leftColumns = 1): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function scenarioRow(r: ScenarioResult): (string | number)[] {
  const m = r.measurement;
  const closed = m.mode === 'closed';
  return [
    r.label + (m.sink.complete ? '' : ' (incomplete)'),
    m.publish.count,
    f(closed ? m.deliveriesPerSec : m.deliveredRate),
    f((closed ? m.elapsedMs : m.sink.lastArrivalMs - m.publish.firstSendMs) / 1000, 2),
    f(closed ? m.publishPerSec : m.publish.achievedRate),
    f(m.sink.latencyMs.p50),
    f(m.sink.latencyMs.p90),
    f(m.sink.latencyMs.p99),
    f(m.sink.latencyMs.max),
    m.sink.missing,
    m.sink.duplicates,
    m.sink.outOfOrder,
    `${f(r.memory.maxRssMb, 0)} / ${f(r.memory.hwmMb, 0)}`,
  ];
}

function notesOf(r: ScenarioResult): string[] {
  const notes: string[] = [];
  const m = r.measurement;
  if (r.insertMs !== undefined) {
    notes.push(`insertMany of ${r.notifications} notifications: ${f(r.insertMs / 1000, 1)} s (not in the figures)`);
  }
  if (r.bootMs !== undefined)
    notes.push(`Herald healthy ${f(r.bootMs / 1000, 2)} s after spawn, index ${r.indexLoaded}`);
  if (m.mode === 'closed' && m.bursts.length > 1) {
    notes.push(`deliveries/s of each burst: ${m.bursts.map((b) => f(b)).join(', ')} (the table shows the median)`);
  }
  if (m.mode === 'open') {
    const p = m.publish;
    notes.push(
      `schedule lag p99 ${f(p.scheduleLagMs.p99, 2)} ms, max ${f(p.scheduleLagMs.max, 1)} ms; ` +
        `at most ${p.maxOutstanding} publish acks outstanding`,
    );
  }
  if (m.publish.publishErrors) notes.push(`${m.publish.publishErrors} publish errors (${m.publish.firstError})`);
  if (!m.warmup.complete) notes.push('warm-up did not complete');
  if (m.sink.missing) notes.push(`missing seqs e.g. ${m.sink.missingSample.join(', ')}`);
  if (m.sink.stray) notes.push(`${m.sink.stray} stray requests (warm-up or unreadable)`);
  const kv = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
  const c = r.heraldCounters;
  if (c) notes.push(`Herald /health: dispatcher ${kv(c.dispatcher)}; webhook ${kv(c.webhook)}`);
  return notes.map((n) => `- ${r.label}: ${n}`);
}

function scaleNotes(r: ScaleResult): string[] {
  const notes = [
    `insertMany ${f(r.insertMs / 1000, 1)} s (not in the figures); Herald healthy ${f(r.bootMs / 1000, 2)} s after spawn, index ${r.indexLoaded}`,
  ];
  const by = (o: Record<string, number>, d: number) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${f(v, d)}`)
      .join(', ');
  notes.push(`CPU ms from spawn to healthy: ${by(r.bootCpuMs, 0)}`);
  const again = r.restart;
  if (again) {
    notes.push(
      `restart (SIGTERM, new Herald, same NATS and database): healthy ${f(again.bootMs / 1000, 2)} s after spawn, ` +
        `index ${again.indexLoaded} from ${again.source}; CPU ms: ${by(again.bootCpuMs, 0)}; ` +
        `snapshot ${f((again.snapshotBytes ?? NaN) / 1e6, 1)} MB`,
    );
  }
  const c = r.resync;
  if (c) {
    notes.push(
      `CPU ms over ${f(c.windowMs / 1000, 0)} s resyncing every ${c.periodMs} ms: ${by(c.cpu, 0)}; ` +
        `idle (every ${c.idlePeriodMs} ms): ${by(c.idleCpu, 0)}`,
    );
    notes.push(
      `per resync, CPU ms: ${by(c.perResyncMs, 1)}; per minute, % of one core: ${by(c.percentOfCorePerMinute, 3)}`,
    );
  }
  return notes.map((n) => `- ${r.label}: ${n}`);
}

export function formatReport(
  { results, errors, scale }: RunOutcome,
  targets: TargetCheck[],
  opts: BenchOptions,
): string {
  const header = ['scenario', 'events', 'deliv/s', 'time s', 'publish/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  header.push('missing', 'dup', 'late', 'RSS/HWM MB');
  const rows = [...results.values()].map(scenarioRow);
  const targetRows = targets.map((t) => [
    t.name,
    t.value === null
      ? t.result === 'FAIL'
        ? 'error'
        : 'n/a'
      : `${t.value}${t.unit === 'x' ? '' : ` ${t.unit}`}`.trim(),
    t.target,
    t.result,
  ]);
  return [
    `Herald bench, ${opts.quick ? 'quick' : 'full'} run: E=${opts.events} per closed-loop scenario, ` +
      `open loop ${opts.rate}/s for ${opts.durationS} s, warm-up ${opts.warmup}, ${opts.concurrency} in flight, ` +
      `publisher validation ${opts.validate ? 'on' : 'off'}; ${os.cpus().length} CPUs, Node ${process.version}`,
    '',
    table(header, rows),
    '',
    'deliv/s: closed loop = events / (last arrival - first publish); open loop = arrival rate. ' +
      'Latency = arrival - bench_published_at (closed loop: queueing behind the burst included).',
    ...[...results.values()].flatMap(notesOf),
    ...[...scale.values()].flatMap(scaleNotes),
    ...[...errors].map(([id, e]) => `- scenario ${id} broke: ${e.split('\n')[0]}`),
    '',
    table(['target', 'value', 'target', 'result'], targetRows, 1),
  ].join('\n');
}
