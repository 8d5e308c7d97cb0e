/** Where the domain stream (HERALD_DOMAIN) stands: its oldest and newest stored sequence. */
export interface StreamPosition {
  firstSeq: number;
  lastSeq: number;
  /** When the stream was created: a stream deleted and made again has another (its sequences start over). */
  created?: string;
}

export interface ResyncState {
  /** The stream sequence up to which every change is in the index; undefined before the first load. */
  coveredSeq: number | undefined;
  /** Where the stream stands now; undefined when it could not be read. */
  stream: StreamPosition | undefined;
  /** Milliseconds since the last full rebuild. */
  sinceRebuildMs: number;
}

export interface ResyncLimits {
  /** A full rebuild this often in any case: it repairs a change written to the database but never published. */
  rebuildEveryMs: number;
  /** More stream messages than this to catch up on: a full rebuild is cheaper. */
  maxCatchUp: number;
}

export type ResyncStep =
  { kind: 'none' } | { kind: 'catch-up'; from: number; to: number } | { kind: 'rebuild'; reason: string };

/**
 * What one periodic resync does. Every change to a notification is published on the domain stream after it is
 * written, so re-reading the notifications named by the messages the index has not covered yet brings it up to date
 * at the cost of those few reads, whatever the notification count. Anything the stream cannot vouch for (no position,
 * a reset stream, messages aged out, too many) costs a full rebuild instead; a stream out of reach waits a period.
 */
export function planResync({ coveredSeq, stream, sinceRebuildMs }: ResyncState, limits: ResyncLimits): ResyncStep {
  if (coveredSeq === undefined) return { kind: 'rebuild', reason: 'no stream position yet' };
  if (sinceRebuildMs >= limits.rebuildEveryMs) return { kind: 'rebuild', reason: 'periodic' };
  // NATS away: no event is dispatched meanwhile either, and the stream keeps what was missed for the next period.
  if (!stream) return { kind: 'none' };
  if (stream.lastSeq < coveredSeq) return { kind: 'rebuild', reason: 'the domain stream was reset' };
  if (stream.lastSeq === coveredSeq) return { kind: 'none' };
  // An empty stream reports firstSeq = lastSeq + 1; anything above coveredSeq + 1 means unseen messages are gone.
  if (stream.firstSeq > coveredSeq + 1) return { kind: 'rebuild', reason: 'changes aged out of the domain stream' };
  if (stream.lastSeq - coveredSeq > limits.maxCatchUp) return { kind: 'rebuild', reason: 'too many changes' };
  return { kind: 'catch-up', from: coveredSeq + 1, to: stream.lastSeq };
}
