import type { JsonLimits } from '@herald/events';

export interface SourcesOptions {
  /** Events of one aggregation key stored within this long of the first become one (0: never merged). */
  aggregationWindowMs: number;
  /** Parts of one merged event at most; a fuller window closes early. */
  maxMergeParts: number;
  /** The events' own bounds, applied to a JSON request body before its source parses it. */
  jsonLimits: JsonLimits;
  /** Where `HERALD_SOURCE_<NAME>_<KEY>` settings are read. */
  env: NodeJS.ProcessEnv;
  publicUrl: string;
  /** The pinned aggregator's ack wait and pin time to live (the lanes' settings). */
  ackWaitMs: number;
  pinTtlMs: number;
  shutdownTimeoutMs: number;
  /** A source's NATS consumer (HERALD_SOURCE_<NAME>_NATS_SUBJECT): the engine's ack wait and deliveries, replicas. */
  nats: { ackWaitMs: number; maxDeliveries: number; replicas: number };
}

export const SOURCES_OPTIONS = Symbol('SOURCES_OPTIONS');
