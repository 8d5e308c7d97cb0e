import { DEFAULT_JSON_LIMITS, JsonLimits } from '@herald/events';

export interface CoreSettings {
  /** Events held at once by the dispatching instance, each until its deliveries are in their lanes. */
  dispatchConcurrency: number;
  /** Deliveries in flight at once per action plugin in one process. */
  deliveryConcurrency: number;
  /** A delivery that takes longer is aborted and retried. */
  deliveryTimeoutMs: number;
  /** JetStream ack wait for Herald's consumers. */
  ackWaitMs: number;
  /** Delay before each retry; its length is the number of retries. */
  retryScheduleMs: number[];
  /** How long shutdown waits for in-flight work before handing it back to JetStream. */
  shutdownTimeoutMs: number;
  /** Consecutive failures that disable a notification (Quay: 3). */
  failureThreshold: number;
  /** Period of the routing index's resync: a catch-up on the domain stream's messages it may have missed. */
  indexResyncMs: number;
  /** Period of the routing index's full rebuild, a safety net behind the domain stream. */
  indexRebuildMs: number;
  /** Boot from the snapshot the last full rebuild stored on NATS (and store one after each), instead of a full scan. */
  indexSnapshot: boolean;
  /** Deliveries and their attempts are deleted after this many days. */
  historyRetentionDays: number;
  /** In-app notifications (and their dismissals) are deleted after this many days, by the same job's period. */
  inboxRetentionDays: number;
  /** Period of the history retention job; each instance first runs it at a random point within one period. */
  historyPurgeIntervalMs: number;
  /** 4xx statuses that are retried rather than final (429 is always retried, 410 never). */
  retryableStatuses: number[];
  /** Deliveries one instance holds per lane partition of a plugin, waiting or running. */
  mailboxSize: number;
  /** Deliveries held for one notification (its lane) before more are handed back to JetStream for later. */
  perNotificationBacklog: number;
  /** Consecutive crashes (throws, hangs) after which a plugin instance is replaced by a fresh one. */
  restartAfterCrashes: number;
  /** Size, nesting and field bounds on an event, checked before it is parsed; beyond them it is a dead letter. */
  eventLimits: JsonLimits;
  /**
   * Deliveries of one event (or starts of one delivery message) that fail, crash or hang before it is parked as a dead
   * letter instead of being tried again.
   */
  maxDeliveries: number;
  /** Notifications one repository may have; creating one more is refused. */
  maxNotificationsPerRepository: number;
  /** Lane partitions per plugin (HERALD_LANES' partition count): the unit of ownership between instances. */
  lanePartitions: number;
  /**
   * Ack wait of the pinned consumers (dispatcher, lanes). Held messages are kept alive, so it only bounds how long a dead
   * owner's messages wait before its successor gets them.
   */
  laneAckWaitMs: number;
  /** A pinned consumer moves to another instance once its owner has not pulled for this long. */
  lanePinTtlMs: number;
  /**
   * Deliveries to a lane this instance owns, idle and with nothing in its stream, start from the event without a trip
   * through HERALD_LANES (see DirectLanes.offer). Off: every delivery is stored in its lane first.
   */
  directDeliveries: boolean;
  /** How long an e-mail confirmation code works. */
  emailConfirmationTtlMs: number;
  /** Herald's public address, for the links it mails (no trailing slash). */
  publicUrl: string;
}

export const CORE_SETTINGS = Symbol('CORE_SETTINGS');

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_CORE_SETTINGS: CoreSettings = {
  dispatchConcurrency: 256,
  deliveryConcurrency: 32,
  deliveryTimeoutMs: 10 * SECOND,
  ackWaitMs: 30 * SECOND,
  // Close to the Standard Webhooks / Svix schedule: about 27 hours of retries in all.
  retryScheduleMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  shutdownTimeoutMs: 10 * SECOND,
  failureThreshold: 3,
  indexResyncMs: 60 * SECOND,
  indexRebuildMs: HOUR,
  indexSnapshot: true,
  historyRetentionDays: 30,
  inboxRetentionDays: 90,
  historyPurgeIntervalMs: HOUR,
  retryableStatuses: [408, 425],
  mailboxSize: 256,
  perNotificationBacklog: 64,
  restartAfterCrashes: 5,
  eventLimits: DEFAULT_JSON_LIMITS,
  maxDeliveries: 5,
  maxNotificationsPerRepository: 100,
  lanePartitions: 8,
  laneAckWaitMs: 5 * SECOND,
  lanePinTtlMs: 3 * SECOND,
  directDeliveries: true,
  emailConfirmationTtlMs: 24 * HOUR,
  publicUrl: 'http://localhost:8080',
};
