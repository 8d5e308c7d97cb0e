import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import {
  ADVISORIES_STREAM,
  DEAD_LETTER_STREAM,
  DEAD_LETTER_SUBJECT_PREFIX,
  DELIVERIES_STREAM,
  DELIVERIES_SUBJECT_PREFIX,
  DOMAIN_STREAM,
  DISPATCHER_DURABLE,
  DOMAIN_SUBJECT_PREFIX,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  INDEX_SNAPSHOT_BUCKET,
  INDEX_SNAPSHOT_STREAM,
  LANE_SUBJECT_PREFIX,
  LANES_STORED_PREFIX,
  LANES_STREAM,
  maxDeliveriesAdvisorySubject,
  SOURCE_PENDING_STREAM,
  SOURCE_PENDING_SUBJECT_PREFIX,
} from './subjects.constants';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StreamSettings {
  /** Replicas for every stream: 1 on a laptop, 3 on a JetStream cluster. */
  replicas: number;
  /** How long registry events are kept for replay by any consumer. */
  eventsMaxAgeMs: number;
  /** Window within which a repeated Nats-Msg-Id is dropped by the server. */
  duplicateWindowMs: number;
  /**
   * Lane partitions per action method: the unit of ownership and failover between instances. Fixed once HERALD_LANES
   * holds messages (a lane's partition follows from this number).
   */
  lanePartitions: number;
  /**
   * Let the dispatcher append to the lanes in atomic batches (`allow_atomic`, nats-server 2.12+): many appends for one
   * acknowledgement, stored in order or not at all. Off for an older server, which appends one message at a time.
   */
  atomicLanes?: boolean;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  replicas: 1,
  eventsMaxAgeMs: 7 * DAY_MS,
  duplicateWindowMs: 10 * 60 * 1000,
  lanePartitions: 8,
};

export function heraldStreams(s: StreamSettings): Partial<StreamConfig>[] {
  const common = { storage: StorageType.File, num_replicas: s.replicas, duplicate_window: nanos(s.duplicateWindowMs) };
  return [
    {
      ...common,
      name: EVENTS_STREAM,
      subjects: [EVENTS_SUBJECTS],
      retention: RetentionPolicy.Limits,
      max_age: nanos(s.eventsMaxAgeMs),
    },
    // Work-queue: a delivery message disappears once its plugin acks it.
    {
      ...common,
      name: DELIVERIES_STREAM,
      subjects: [`${DELIVERIES_SUBJECT_PREFIX}.>`],
      retention: RetentionPolicy.Workqueue,
    },
    // Work-queue as well; the transform adds the partition, computed by the server from the lane's uuid.
    {
      ...common,
      name: LANES_STREAM,
      subjects: [`${LANE_SUBJECT_PREFIX}.*.*`],
      retention: RetentionPolicy.Workqueue,
      // Not a field of the nats 2.x client's types; the server has it from 2.12.
      ...(s.atomicLanes ? ({ allow_atomic: true } as Partial<StreamConfig>) : {}),
      subject_transform: {
        src: `${LANE_SUBJECT_PREFIX}.*.*`,
        dest: `${LANES_STORED_PREFIX}.{{wildcard(1)}}.{{partition(${s.lanePartitions},2)}}.{{wildcard(2)}}`,
      },
    },
    // Work-queue: a source event waiting for its aggregation window goes once the merged event is stored.
    {
      ...common,
      name: SOURCE_PENDING_STREAM,
      subjects: [`${SOURCE_PENDING_SUBJECT_PREFIX}.>`],
      retention: RetentionPolicy.Workqueue,
      max_age: nanos(7 * DAY_MS),
    },
    {
      ...common,
      name: DEAD_LETTER_STREAM,
      subjects: [`${DEAD_LETTER_SUBJECT_PREFIX}.>`],
      retention: RetentionPolicy.Limits,
      max_age: nanos(30 * DAY_MS),
    },
    {
      ...common,
      name: DOMAIN_STREAM,
      subjects: [`${DOMAIN_SUBJECT_PREFIX}.notification.>`],
      retention: RetentionPolicy.Limits,
      max_age: nanos(7 * DAY_MS),
    },
    // The routing index's snapshot bucket, as the stream nats.js's views.os would make (its own create sends a
    // `replicas` field the server refuses). A snapshot older than the domain stream's messages is of no use, and the
    // age limit also clears the chunks of a write cut short by a crash.
    {
      storage: StorageType.File,
      num_replicas: s.replicas,
      name: INDEX_SNAPSHOT_STREAM,
      description: "Herald's routing index snapshot",
      subjects: [`$O.${INDEX_SNAPSHOT_BUCKET}.C.>`, `$O.${INDEX_SNAPSHOT_BUCKET}.M.>`],
      retention: RetentionPolicy.Limits,
      max_age: nanos(7 * DAY_MS),
      discard: DiscardPolicy.New,
      allow_direct: true,
      allow_rollup_hdrs: true,
    },
    {
      ...common,
      name: ADVISORIES_STREAM,
      subjects: [maxDeliveriesAdvisorySubject(EVENTS_STREAM, DISPATCHER_DURABLE)],
      retention: RetentionPolicy.Workqueue,
      max_age: nanos(7 * DAY_MS),
    },
  ];
}

/** Every stream Herald owns (the snapshot bucket's too), e.g. for a test or bench to start from nothing. */
export const HERALD_STREAM_NAMES: readonly string[] = heraldStreams(DEFAULT_STREAM_SETTINGS).map(
  (c) => c.name as string,
);

/** Creates Herald's streams, or updates them in place; safe to run from every instance at every boot. */
export async function provisionStreams(jsm: JetStreamManager, settings: StreamSettings = DEFAULT_STREAM_SETTINGS) {
  for (const cfg of heraldStreams(settings)) {
    const name = cfg.name as string;
    const existing = await jsm.streams.info(name).catch(() => undefined);
    if (!existing) {
      await jsm.streams.add(cfg).catch(async (err: unknown) => {
        // Another instance created it between our look-up and our add.
        if (!(await jsm.streams.info(name).catch(() => undefined))) throw err;
      });
    } else {
      // Retention and storage cannot change on a live stream; everything else we own is updated.
      const { retention: _r, storage: _s, ...mutable } = cfg;
      await jsm.streams.update(name, { ...existing.config, ...mutable });
    }
  }
}
