import type { NotificationSnapshot } from '@herald/plugin-sdk';
import type { EventKind } from '@herald/events';
import { laneSettingsOf, LaneOrdering, RateLimit } from '../lanes/lane-settings';
import type { Notification } from './notification.schema';

/** The notification object exactly as Quay's API returns it. */
export interface NotificationView {
  uuid: string;
  title: string | null;
  event: string;
  method: string;
  config: Record<string, unknown>;
  event_config: Record<string, unknown>;
  number_of_failures: number;
  /** Herald's own: how the notification's lane runs. */
  ordering: LaneOrdering;
  max_in_flight: number;
  rate_limit: RateLimit | null;
}

/** `config` as the API may show it: its secrets masked (ConfigSecrets.mask). */
export function toView(n: Notification, config: Record<string, unknown>): NotificationView {
  return {
    uuid: n.uuid,
    title: n.title ?? null,
    event: n.event,
    method: n.method,
    config,
    event_config: n.event_config ?? {},
    number_of_failures: n.number_of_failures ?? 0,
    ...laneSettingsOf(n),
  };
}

/** `config` as plugins use it: its secrets opened (ConfigSecrets.open). */
export function toSnapshot(n: Notification, config: Record<string, unknown>): NotificationSnapshot {
  return {
    uuid: n.uuid,
    repository: n.repository,
    event: n.event as EventKind,
    method: n.method,
    config,
    event_config: n.event_config ?? {},
    title: n.title ?? null,
  };
}
