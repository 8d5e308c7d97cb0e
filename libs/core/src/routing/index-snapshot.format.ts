import { planResync, ResyncLimits, ResyncStep, StreamPosition } from './resync-plan';

/**
 * The routing index's snapshot, as gzip'd JSON lines: this header, then each notification exactly as the full rebuild
 * read it (its config sealed as stored), then the trailer. A line `{"$reread": uuid}` stands for a notification whose
 * config could not go out as stored (its plugin is not loaded, so which fields are secret is unknown): the loader
 * re-reads it from the database. No stored field starts with `$`, so these lines cannot be mistaken for a document.
 */
export const SNAPSHOT_FORMAT = 'herald-routing-index';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** The domain stream's last sequence, taken before the read: every later change is caught up on from there. */
  coveredSeq: number;
  /** When the rebuild that wrote it started (epoch ms): the reader's next full rebuild keeps that cadence. */
  rebuiltAt: number;
  /** The domain stream's creation time: a stream made again starts its sequences over. */
  domainStreamCreated: string;
}

export interface SnapshotTrailer {
  $end: {
    /** Lines between header and trailer: a shorter file was cut. */
    count: number;
    /** Keys the sealed configs use: one the reader's HERALD_ENCRYPTION_KEYS lacks would leave them unopenable. */
    keyIds: string[];
  };
}

export interface RereadLine {
  $reread: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export const isTrailer = (v: unknown): v is SnapshotTrailer => isRecord(v) && isRecord(v.$end);
export const isReread = (v: unknown): v is RereadLine => isRecord(v) && typeof v.$reread === 'string';
/** A notification line: the fields routing keys on are there (the rest is checked as the database's would be). */
export const isDocument = (v: unknown): boolean =>
  isRecord(v) && ['uuid', 'repository', 'event', 'method'].every((k) => typeof v[k] === 'string');

export type SnapshotVerdict =
  { ok: true; step: ResyncStep & { kind: 'none' | 'catch-up' } } | { ok: false; reason: string };

/**
 * Whether a snapshot with this header can stand in for a full scan now, and if so what catching up on the domain
 * stream takes: the same plan a running index follows (planResync), from the snapshot's position and age.
 */
export function judgeHeader(
  header: unknown,
  stream: StreamPosition | undefined,
  now: number,
  limits: ResyncLimits,
): SnapshotVerdict {
  if (!isRecord(header) || header.format !== SNAPSHOT_FORMAT)
    return { ok: false, reason: 'not a routing index snapshot' };
  if (header.version !== SNAPSHOT_VERSION)
    return { ok: false, reason: `unknown format version ${String(header.version)}` };
  const { coveredSeq, rebuiltAt, domainStreamCreated } = header;
  if (!Number.isSafeInteger(coveredSeq) || (coveredSeq as number) < 0 || !Number.isFinite(rebuiltAt)) {
    return { ok: false, reason: 'unreadable header' };
  }
  // Without the stream's position nothing vouches for the changes since: the database is the only source then.
  if (!stream) return { ok: false, reason: 'the domain stream cannot be read' };
  if (typeof domainStreamCreated !== 'string' || domainStreamCreated !== stream.created) {
    return { ok: false, reason: 'the domain stream was made again since it was written' };
  }
  const step = planResync(
    { coveredSeq: coveredSeq as number, stream, sinceRebuildMs: Math.max(0, now - (rebuiltAt as number)) },
    limits,
  );
  if (step.kind === 'rebuild') {
    return { ok: false, reason: step.reason === 'periodic' ? 'older than HERALD_INDEX_REBUILD_MS' : step.reason };
  }
  return { ok: true, step };
}

/** What is wrong with a snapshot read to its end, or undefined when it is whole and its configs open here. */
export function judgeTrailer(trailer: unknown, lines: number, canOpen: (keyId: string) => boolean): string | undefined {
  if (!isTrailer(trailer)) return 'cut short (no trailer)';
  const { count, keyIds } = trailer.$end;
  if (count !== lines) return `cut short (${lines} of ${String(count)} notifications)`;
  if (!Array.isArray(keyIds)) return 'unreadable trailer';
  const missing = keyIds.filter((id) => typeof id !== 'string' || !canOpen(id));
  if (missing.length) return `sealed under key(s) ${missing.join(', ')}, which HERALD_ENCRYPTION_KEYS no longer holds`;
  return undefined;
}
