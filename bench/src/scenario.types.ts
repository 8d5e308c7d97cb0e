import type { ClosedLoopMeasurement, OpenLoopMeasurement } from './measure.runner';

export interface MemoryFigures {
  /** Highest VmRSS sampled every 200 ms. */
  maxRssMb: number;
  /** The kernel's high-water mark (VmHWM) at the end of the scenario. */
  hwmMb: number;
}

export interface ScenarioResult {
  id: string;
  label: string;
  system: 'baseline' | 'herald';
  notifications?: number;
  /** insertMany of the notifications, not part of any figure. */
  insertMs?: number;
  /** Herald: from spawn to /health 200 (routing index loaded). */
  bootMs?: number;
  /** Herald: notifications its routing index reported at boot. */
  indexLoaded?: number;
  measurement: ClosedLoopMeasurement | OpenLoopMeasurement;
  memory: MemoryFigures;
  /** Herald's own counters from /health at the end: the dispatcher's and the webhook action's numeric fields. */
  heraldCounters?: { dispatcher: Record<string, number>; webhook: Record<string, number> };
}
