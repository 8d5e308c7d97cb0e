/**
 * The subject scheme Herald speaks on NATS. Registries only need the first two: publish each event's JSON payload
 * on `registry.events.<kind>` with a `Nats-Msg-Id` header carrying a unique event id.
 */
export const EVENTS_STREAM = 'REGISTRY_EVENTS';
export const EVENTS_SUBJECT_PREFIX = 'registry.events';
export const EVENTS_SUBJECTS = `${EVENTS_SUBJECT_PREFIX}.>`;

/** Events that failed validation, with the reason in a header and the original bytes as the body. */
export const DEAD_LETTER_STREAM = 'HERALD_DEADLETTER';
export const DEAD_LETTER_SUBJECT_PREFIX = 'herald.deadletter';
export const DEAD_LETTER_EVENTS_SUBJECT = `${DEAD_LETTER_SUBJECT_PREFIX}.events`;
/** Delivery messages that cannot be handled: undecodable, or crashing Herald on every try. */
export const DEAD_LETTER_DELIVERIES_SUBJECT = `${DEAD_LETTER_SUBJECT_PREFIX}.deliveries`;
/** A source's messages read from NATS that it cannot read (or whose events the catalogue refuses), with the reason. */
export const DEAD_LETTER_SOURCES_SUBJECT_PREFIX = `${DEAD_LETTER_SUBJECT_PREFIX}.sources`;

export function sourceDeadLetterSubject(source: string): string {
  return `${DEAD_LETTER_SOURCES_SUBJECT_PREFIX}.${source}`;
}

/**
 * JetStream's advisories that a message reached its consumer's max_deliver, kept in a stream of their own so that one
 * published while every Herald was down (the message crashed them all) is still parked once one is back.
 */
export const ADVISORIES_STREAM = 'HERALD_ADVISORIES';
export const MAX_DELIVERIES_ADVISORY_PREFIX = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES';
export const ADVISORIES_DURABLE = 'herald-max-deliveries';

export function maxDeliveriesAdvisorySubject(stream: string, durable: string): string {
  return `${MAX_DELIVERIES_ADVISORY_PREFIX}.${stream}.${durable}`;
}

/**
 * Before lanes: one message per delivery on `herald.deliveries.<method>`. Kept so that what an older Herald left there
 * is moved into the lanes, never dropped.
 */
export const DELIVERIES_STREAM = 'HERALD_DELIVERIES';
export const DELIVERIES_SUBJECT_PREFIX = 'herald.deliveries';

/**
 * Delivery lanes: each notification's deliveries on `herald.lane.<method>.<notification uuid>`. The stream maps every
 * lane to one of a fixed number of partitions (`herald.lanes.<method>.<partition>.<uuid>`, JetStream's own
 * deterministic partitioning), and each partition has one durable consumer pinned to one Herald instance at a time.
 */
export const LANES_STREAM = 'HERALD_LANES';
export const LANE_SUBJECT_PREFIX = 'herald.lane';
export const LANES_STORED_PREFIX = 'herald.lanes';

/** Domain events: notification changes are kept in the stream; per-attempt delivery outcomes (herald.domain.delivery.*)
 * are plain NATS messages for live watchers, so the hot path stores nothing extra. */
export const DOMAIN_STREAM = 'HERALD_DOMAIN';
export const DOMAIN_SUBJECT_PREFIX = 'herald.domain';

/**
 * Object Store bucket of the routing index's snapshot: what the last full rebuild read, so a booting instance loads it
 * and catches up on HERALD_DOMAIN instead of scanning every notification. Its stream is `OBJ_<bucket>`.
 */
export const INDEX_SNAPSHOT_BUCKET = 'HERALD_INDEX';
export const INDEX_SNAPSHOT_STREAM = `OBJ_${INDEX_SNAPSHOT_BUCKET}`;

/**
 * Source events waiting for their aggregation window (see the ingest endpoint): `herald.sources.pending.<source>`, each
 * with the event's id as Nats-Msg-Id; one pinned consumer merges them and publishes the result on the events stream.
 */
export const SOURCE_PENDING_STREAM = 'HERALD_SOURCE_PENDING';
export const SOURCE_PENDING_SUBJECT_PREFIX = 'herald.sources.pending';
export const SOURCE_AGGREGATOR_DURABLE = 'herald-source-aggregator';

export function sourcePendingSubject(source: string): string {
  return `${SOURCE_PENDING_SUBJECT_PREFIX}.${source}`;
}

/**
 * A new in-app notification, as core NATS (not stored: the database is the record), so that every instance's stream
 * hub pushes it to its connected members whichever instance stored it. The body is the item as the API shows it.
 */
export const INBOX_CREATED_SUBJECT = 'herald.inbox.created';

/** Pinned to one instance at a time, so events enter the lanes in publish order. */
export const DISPATCHER_DURABLE = 'herald-dispatch';
/** The unpinned dispatcher consumer of Herald before lanes; its successor starts where it left off. */
export const LEGACY_DISPATCHER_DURABLE = 'herald-dispatcher';

export const HEADER_DEAD_LETTER_REASON = 'Herald-Dead-Letter-Reason';
export const HEADER_ORIGINAL_SUBJECT = 'Herald-Original-Subject';
export const HEADER_ORIGINAL_MSG_ID = 'Herald-Original-Msg-Id';
export const HEADER_ORIGINAL_SEQUENCE = 'Herald-Original-Stream-Sequence';

export function eventSubject(kind: string): string {
  return `${EVENTS_SUBJECT_PREFIX}.${kind}`;
}

/** The event kind a subject carries: the token right after the prefix (further tokens are allowed and ignored). */
export function kindFromEventSubject(subject: string): string | undefined {
  if (!subject.startsWith(`${EVENTS_SUBJECT_PREFIX}.`)) return undefined;
  return subject.slice(EVENTS_SUBJECT_PREFIX.length + 1).split('.')[0] || undefined;
}

export function deliverySubject(method: string): string {
  return `${DELIVERIES_SUBJECT_PREFIX}.${method}`;
}

export function domainSubject(name: string): string {
  return `${DOMAIN_SUBJECT_PREFIX}.${name}`;
}

/** Durable consumer names may not contain dots or wildcards; plugin method names are checked against this. */
export function pluginDurable(method: string): string {
  return `herald-action-${method}`;
}

export function laneSubject(method: string, notificationUuid: string): string {
  return `${LANE_SUBJECT_PREFIX}.${method}.${notificationUuid}`;
}

/** The lane (notification uuid) of a subject a lane message is published to (see laneSubject). */
export function laneOfSubject(subject: string): string | undefined {
  return subject.startsWith(`${LANE_SUBJECT_PREFIX}.`) ? subject.split('.')[3] : undefined;
}

export function lanePartitionSubject(method: string, partition: number): string {
  return `${LANES_STORED_PREFIX}.${method}.${partition}.*`;
}

export function laneDurable(method: string, partition: number): string {
  return `herald-lane-${method}-${partition}`;
}

/** The partition a stored lane message was put in by the stream's transform. */
export function partitionOfStoredSubject(subject: string): number | undefined {
  const token = subject.startsWith(`${LANES_STORED_PREFIX}.`) ? subject.split('.')[3] : undefined;
  return token === undefined ? undefined : Number(token);
}

/** The lane (notification uuid) a stored lane message belongs to. */
export function laneOfStoredSubject(subject: string): string | undefined {
  return subject.startsWith(`${LANES_STORED_PREFIX}.`) ? subject.split('.')[4] : undefined;
}
