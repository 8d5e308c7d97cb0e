import type { Percentiles } from './stats';

/** The seqs a measurement expects: [from, to). Anything else that arrives is counted as stray. */
export interface SeqRange {
  from: number;
  to: number;
}

export type SinkCommand =
  | { id: number; cmd: 'reset' }
  | { id: number; cmd: 'stats'; range: SeqRange }
  /** Answers once every seq of the range has arrived, or after idleMs without a new one, or after timeoutMs. */
  | { id: number; cmd: 'wait'; range: SeqRange; idleMs: number; timeoutMs: number };

export interface SinkStats {
  /** Requests whose seq lies in the range, duplicates included. */
  requests: number;
  unique: number;
  duplicates: number;
  /** First arrivals of a seq lower than one that arrived before it: events overtaken on the way. */
  outOfOrder: number;
  missing: number;
  /** A few of the missing seqs, for diagnosis. */
  missingSample: number[];
  /** Requests outside the range or without a readable bench_seq. */
  stray: number;
  firstArrivalMs: number;
  lastArrivalMs: number;
  /** From bench_published_at to arrival, first arrival of each seq. */
  latencyMs: Percentiles;
  complete: boolean;
}

export type SinkMessage =
  { type: 'ready'; url: string } | { type: 'reply'; id: number; stats?: SinkStats; error?: string };
