import * as path from 'node:path';
import { cpuTimeMs } from './cpu-time.util';
import { sleep } from './clock.util';
import { HeraldChild, startHeraldChild } from './herald.runner';
import { seedNotifications } from './notifications.seeder';
import type { RestartBoot, ResyncCost, ScaleResult } from './scale.types';
import { BenchContext, benchDbName, benchHeraldEnv } from './scenario.runner';

/** The measured process resyncs this often, so a short window holds many resyncs. */
const RESYNC_PERIOD_MS = 2000;
/** The baseline process: no resync within its window. */
const IDLE_PERIOD_MS = 3_600_000;
/** The default HERALD_INDEX_RESYNC_MS the figure is scaled to. */
const DEFAULT_PERIOD_MS = 60_000;
/** After /health 200: boot's own leftovers (lane set-up, GC of the load) settle before CPU is counted. */
const SETTLE_MS = 5000;

/** The default HERALD_INDEX_REBUILD_MS: the full rebuild's cost is spread over it. */
const DEFAULT_REBUILD_MS = 3_600_000;

type Started = { herald: HeraldChild; indexLoaded: number; source: string; bootCpuMs: Record<string, number> };

/** The scan's `routing index loaded: N` or the snapshot's `routing index loaded from the snapshot of T: N`. */
const LOADED = /routing index loaded(?: from the snapshot of \S+)?: (\d+)/;
const NOT_FROM_SNAPSHOT = /routing index: not from the snapshot \((.*)\), scanning/;
/** How long the first Herald may take to store its snapshot after its boot. */
const SNAPSHOT_STORED_MS = 60_000;
const SNAPSHOT_STORED = /routing index snapshot stored: \d+ notification\(s\), (\d+) bytes/;

/** CPU ms so far of each server this run started. */
const serverCpu = (ctx: BenchContext) =>
  new Map([...ctx.env.serverPids()].map(([name, pid]) => [name, cpuTimeMs(pid)] as const));

async function start(
  ctx: BenchContext,
  id: string,
  dbName: string,
  env: Record<string, string> = {},
): Promise<Started> {
  const servers = serverCpu(ctx);
  const herald = await startHeraldChild(
    { ...benchHeraldEnv(ctx.env, dbName, id), ...env },
    {
      cpuProfDir: ctx.opts.cpuProfDir && path.resolve(ctx.opts.cpuProfDir, id),
      timeoutMs: ctx.opts.bootTimeoutS * 1000,
    },
  );
  const indexLoaded = Number(LOADED.exec(herald.logs())?.[1] ?? NaN);
  const notFrom = NOT_FROM_SNAPSHOT.exec(herald.logs())?.[1];
  const source = notFrom ? `scan (${notFrom})` : /loaded from the snapshot/.test(herald.logs()) ? 'snapshot' : 'scan';
  ctx.log(
    `  Herald pid ${herald.pid} healthy after ${(herald.bootMs / 1000).toFixed(1)} s (index: ${indexLoaded}, ${source})`,
  );
  // Herald's whole CPU from spawn to healthy, and the servers' over the same time: an upper bound of a full rebuild's.
  const bootCpuMs: Record<string, number> = { herald: cpuTimeMs(herald.pid) ?? NaN };
  for (const [name, before] of servers) {
    const after = cpuTimeMs(ctx.env.serverPids().get(name) ?? -1);
    if (before !== undefined && after !== undefined) bootCpuMs[name] = after - before;
  }
  return { herald, indexLoaded, source, bootCpuMs };
}

/** Resolves once the Herald's output matches, or after timeoutMs (the caller reports what it then finds). */
async function logged(herald: HeraldChild, pattern: RegExp, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(herald.logs())) {
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}

/** CPU ms each process spends over windowMs: Herald and the servers this run started. */
async function cpuOver(herald: HeraldChild, ctx: BenchContext, windowMs: number): Promise<Record<string, number>> {
  const pids = new Map([['herald', herald.pid], ...ctx.env.serverPids()]);
  const before = new Map([...pids].map(([name, pid]) => [name, cpuTimeMs(pid)]));
  await sleep(windowMs);
  const out: Record<string, number> = {};
  for (const [name, pid] of pids) {
    const a = before.get(name);
    const b = cpuTimeMs(pid);
    if (a !== undefined && b !== undefined) out[name] = b - a;
  }
  return out;
}

/**
 * Boot with `notifications` notifications: spawn to /health 200 (the routing index loaded). With `resync`, also the CPU
 * the periodic resync costs: the same database served by a Herald resyncing every 2 s and by one that never resyncs
 * in the window, each measured over the same window; the difference per resync, at one resync a minute, as % of a core.
 */
export async function runScale(ctx: BenchContext, id: string, notifications: number, resync: boolean) {
  const { env, opts, log } = ctx;
  await env.resetStreams();
  const dbName = benchDbName(ctx, id);
  const db = await env.openDatabase(dbName);
  try {
    const seed = await seedNotifications(db, notifications, opts.targets, ctx.sink.url);
    log(`  inserted ${seed.notifications} notifications in ${(seed.insertMs / 1000).toFixed(1)} s`);
    const windowMs = opts.quick ? 10_000 : 30_000;
    const first = await start(ctx, id, dbName, resync ? { HERALD_INDEX_RESYNC_MS: String(RESYNC_PERIOD_MS) } : {});
    const result: ScaleResult = {
      id,
      label: `boot${resync ? ' and resync' : ''}, N=${notifications.toLocaleString('en-US')}`,
      notifications,
      insertMs: seed.insertMs,
      bootMs: first.herald.bootMs,
      indexLoaded: first.indexLoaded,
      bootCpuMs: first.bootCpuMs,
    };
    let cpu: Record<string, number> = {};
    try {
      if (!resync) return result;
      await sleep(SETTLE_MS);
      cpu = await cpuOver(first.herald, ctx, windowMs);
      if (!(await logged(first.herald, SNAPSHOT_STORED, SNAPSHOT_STORED_MS))) {
        log('  the first Herald stored no snapshot: the restart will scan');
      }
    } finally {
      await first.herald.stop();
    }
    // A restart on the same NATS and database: the routing index from the snapshot the first one stored.
    const snapshotBytes = Number(SNAPSHOT_STORED.exec(first.herald.logs())?.[1] ?? NaN);
    const again = await start(ctx, `${id}-restart`, dbName);
    await again.herald.stop();
    const restart: RestartBoot = {
      bootMs: again.herald.bootMs,
      source: again.source,
      indexLoaded: again.indexLoaded,
      bootCpuMs: again.bootCpuMs,
      snapshotBytes,
    };
    result.restart = restart;
    const idle = await start(ctx, `${id}-idle`, dbName, { HERALD_INDEX_RESYNC_MS: String(IDLE_PERIOD_MS) });
    let idleCpu: Record<string, number>;
    try {
      await sleep(SETTLE_MS);
      idleCpu = await cpuOver(idle.herald, ctx, windowMs);
    } finally {
      await idle.herald.stop();
    }
    const resyncs = windowMs / RESYNC_PERIOD_MS;
    const perResyncMs: Record<string, number> = {};
    const percentOfCorePerMinute: Record<string, number> = {};
    for (const name of Object.keys(cpu)) {
      perResyncMs[name] = Math.max(0, cpu[name] - (idleCpu[name] ?? 0)) / resyncs;
      percentOfCorePerMinute[name] = (perResyncMs[name] / DEFAULT_PERIOD_MS) * 100;
    }
    const rebuildCpuMs = Object.values(first.bootCpuMs).reduce((a, b) => a + b, 0);
    const cost: ResyncCost = {
      rebuildEveryMs: DEFAULT_REBUILD_MS,
      rebuildAmortizedPercent: (rebuildCpuMs / DEFAULT_REBUILD_MS) * 100,
      periodMs: RESYNC_PERIOD_MS,
      idlePeriodMs: IDLE_PERIOD_MS,
      windowMs,
      cpu,
      idleCpu,
      perResyncMs,
      percentOfCorePerMinute,
    };
    log(`  resync CPU per minute, % of one core: ${JSON.stringify(percentOfCorePerMinute)}`);
    log(
      `  full rebuild every ${DEFAULT_REBUILD_MS / 60_000} min, amortized: ${cost.rebuildAmortizedPercent.toFixed(3)} %`,
    );
    return { ...result, restart, resync: cost };
  } finally {
    await env.dropDatabase(db);
  }
}
