/** What the boot and resync scenarios measure (no deliveries: see scale.scenario.ts). */
export interface ScaleResult {
  id: string;
  label: string;
  notifications: number;
  insertMs: number;
  /** From spawn to /health 200, the routing index loaded. */
  bootMs: number;
  indexLoaded: number;
  /** CPU ms from spawn to healthy: Herald's, and each server's this run started. */
  bootCpuMs: Record<string, number>;
  /** The resync scenario's restart (SIGTERM, a new Herald on the same NATS and database): boot from the snapshot. */
  restart?: RestartBoot;
  resync?: ResyncCost;
}

export interface RestartBoot {
  /** From spawn to /health 200. */
  bootMs: number;
  /** Where its index came from: `snapshot`, or `scan` with the reason it logged. */
  source: string;
  indexLoaded: number;
  bootCpuMs: Record<string, number>;
  /** The size of the snapshot the first Herald stored (gzip'd JSON lines), as it logged it. */
  snapshotBytes?: number;
}

export interface ResyncCost {
  /** HERALD_INDEX_RESYNC_MS of the measured process, and of the idle one (resync practically off). */
  periodMs: number;
  idlePeriodMs: number;
  windowMs: number;
  /** CPU ms over the window, by process ('herald', and the database server when this run started it). */
  cpu: Record<string, number>;
  idleCpu: Record<string, number>;
  /** (cpu - idleCpu) / resyncs in the window: the CPU one resync costs. */
  perResyncMs: Record<string, number>;
  /** At the default period (one a minute), the CPU per minute as % of one core: perResyncMs / 60,000 ms. */
  percentOfCorePerMinute: Record<string, number>;
  /** The full rebuild (HERALD_INDEX_REBUILD_MS, default 1 h) at the boot's CPU (all processes), spread per minute. */
  rebuildEveryMs: number;
  rebuildAmortizedPercent: number;
}
