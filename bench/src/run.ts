import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchEnvironment } from './bench.environment';
import { runEmail } from './email.scenario';
import { nowMs } from './clock.util';
import { stopAllHeralds } from './herald.runner';
import { BenchOptions, loadOptions, UsageError } from './options.config';
import { formatReport } from './report.printer';
import { runScale } from './scale.scenario';
import { BenchContext, runBaseline, runHerald } from './scenario.runner';
import type { ScenarioResult } from './scenario.types';
import { SinkClient } from './sink.client';
import { checkTargets, RunOutcome } from './targets.check';

const BENCH_DIR = path.resolve(__dirname, '..');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const log = (message: string) => console.log(`[bench] ${message}`);

let cleanup: (() => Promise<void>) | undefined;
/** Set by SIGINT/SIGTERM: no further scenario starts. */
let aborted = false;

/** Runs the selected scenarios in order; one that breaks is recorded and the others still run. */
async function runScenarios(ctx: BenchContext): Promise<RunOutcome> {
  const { opts } = ctx;
  const outcome: RunOutcome = { results: new Map(), errors: new Map(), scale: new Map() };
  const small = opts.notificationsSmall;
  const large = opts.notificationsLarge;
  // One repository, one notification, bursts of --hot-events: the hard case of a single busy target.
  const hot: BenchContext = { ...ctx, opts: { ...opts, targets: 1, events: opts.hotEvents } };
  const plan: [string, string, () => Promise<ScenarioResult>][] = [
    ['baseline', 'raw baseline, closed loop', () => runBaseline(ctx, 'baseline', 'closed')],
    ['baseline-open', `raw baseline, open loop ${opts.rate}/s`, () => runBaseline(ctx, 'baseline-open', 'open')],
    ['a', `(a) Herald N=${small}, closed loop`, () => runHerald(ctx, 'a', 'closed', small)],
    ['email', `(email) Herald N=${small}, e-mail to an SMTP sink, closed loop`, () => runEmail(ctx)],
    ['c', `(c) Herald N=${small}, open loop ${opts.rate}/s`, () => runHerald(ctx, 'c', 'open', small)],
    ['b', `(b) Herald N=${large}, closed loop`, () => runHerald(ctx, 'b', 'closed', large)],
    ['baseline-serial', 'raw baseline, one at a time in order', () => runBaseline(hot, 'baseline-serial', 'closed', 1)],
    [
      'hot',
      '(hot) Herald, one notification, strict order',
      () => runHerald(hot, 'hot', 'closed', 1, { lane: { ordering: 'strict' } }),
    ],
    [
      'hot-unordered',
      '(hot-unordered) Herald, one notification, ordering none',
      // As many in flight as the raw concurrent baseline.
      () =>
        runHerald(hot, 'hot-unordered', 'closed', 1, { lane: { ordering: 'none', max_in_flight: opts.concurrency } }),
    ],
  ];
  // Boot and resync at scale: no deliveries measured, so their figures go beside the throughput table.
  const scalePlan: [string, string, number, boolean][] = [
    ['boot', `(boot) Herald boot, N=${small}`, small, false],
    ['resync', `(resync) Herald boot and resync CPU, N=${large}`, large, true],
  ];
  for (const [id, title, n, resync] of scalePlan) {
    if (!opts.only.has(id) || aborted) continue;
    log(`${title}...`);
    try {
      const result = await runScale(ctx, id, n, resync);
      outcome.scale.set(id, result);
      log(`  boot ${(result.bootMs / 1000).toFixed(2)} s`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcome.errors.set(id, message);
      log(`  broke: ${message}`);
    }
  }
  for (const [id, title, run] of plan) {
    if (!opts.only.has(id) || aborted) continue;
    const started = nowMs();
    log(`${title}...`);
    try {
      const result = await run();
      outcome.results.set(id, result);
      const m = result.measurement;
      const rate = m.mode === 'closed' ? m.deliveriesPerSec : m.deliveredRate;
      log(
        `  ${rate.toFixed(1)} deliveries/s, p99 ${m.sink.latencyMs.p99.toFixed(1)} ms, missing ${m.sink.missing}, ` +
          `duplicates ${m.sink.duplicates} (${((nowMs() - started) / 1000).toFixed(1)} s)`,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcome.errors.set(id, message);
      log(`  broke: ${message}`);
    }
  }
  return outcome;
}

function writeResults(outcome: RunOutcome, opts: BenchOptions, started: number): string {
  const record = {
    timestamp: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      platform: process.platform,
    },
    options: { ...opts, only: [...opts.only] },
    totalSeconds: (nowMs() - started) / 1000,
    aborted,
    targets: checkTargets(outcome, opts),
    scenarios: Object.fromEntries(outcome.results),
    scale: Object.fromEntries(outcome.scale),
    errors: Object.fromEntries(outcome.errors),
  };
  const file = path.join(BENCH_DIR, 'results', `${stamp}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const line = JSON.stringify(record);
  fs.writeFileSync(file, `${line}\n`);
  log(`written to ${path.relative(process.cwd(), file)}; ${((nowMs() - started) / 1000).toFixed(1)} s in all`);
  return line;
}

async function main(): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = loadOptions(process.argv.slice(2), process.env, path.join(BENCH_DIR, 'results', `profiles-${stamp}`));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message.trim());
    return 2;
  }
  const started = nowMs();
  const runId = stamp.slice(0, 19).replace(/\D/g, '');
  let env: BenchEnvironment | undefined;
  let sink: SinkClient | undefined;
  cleanup = async () => {
    cleanup = undefined;
    await stopAllHeralds();
    await sink?.stop().catch((e: unknown) => console.error(`[bench] sink stop: ${String(e)}`));
    await env?.close().catch((e: unknown) => console.error(`[bench] stack stop: ${String(e)}`));
  };
  try {
    env = await BenchEnvironment.open((m) => log(`stack: ${m}`));
    sink = await SinkClient.start();
    log(`NATS ${env.natsUrl}, MongoDB ${env.mongoUri}, sink ${sink.url} (pid ${sink.pid})`);
    const outcome = await runScenarios({ env, sink, opts, runId, log });
    await cleanup?.();
    console.log(`\n${formatReport(outcome, checkTargets(outcome, opts), opts)}\n`);
    console.log(writeResults(outcome, opts, started));
    return outcome.errors.size ? 1 : 0;
  } finally {
    await cleanup?.();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[bench] ${signal}: stopping`);
    aborted = true;
    void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
