import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { EVENT_KINDS } from '@herald/events';
import { nowMs } from './clock.util';
import { targetRepository } from './events.factory';

const BATCH = 5000;
/** Notifications per non-target repository. */
const PER_OTHER_REPOSITORY = 10;

export interface SeedResult {
  notifications: number;
  repositories: number;
  insertMs: number;
}

function doc(repository: string, event: string, url: string, title: string): Record<string, unknown> {
  const now = new Date();
  const uuid = randomUUID();
  // Herald keys notifications by _id = uuid (see NotificationRepository).
  return {
    _id: uuid,
    uuid,
    repository,
    namespace: repository.split('/')[0],
    event,
    method: 'webhook',
    config: { url },
    event_config: {},
    title,
    number_of_failures: 0,
    created_at: now,
    updated_at: now,
  };
}

/** Lane settings stored on the target notifications (the hot scenarios' ordering), as Herald stores them. */
export type SeedLane = { ordering?: 'strict' | 'none'; max_in_flight?: number };

/**
 * Writes `total` notifications the way Herald stores them (see test/support/notifications.fixture.ts): one repo_push
 * webhook to the sink on each of the `targets` target repositories, and the rest on other repositories (ten each,
 * cycling through every event kind), which no bench event matches. Exactly one notification matches each event.
 */
export async function seedNotifications(
  db: mongoose.Connection,
  total: number,
  targets: number,
  sinkUrl: string,
  lane: SeedLane = {},
): Promise<SeedResult> {
  if (total < targets) throw new Error(`need at least ${targets} notifications, got ${total}`);
  const collection = db.collection('notifications');
  const started = nowMs();
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length) await collection.insertMany(batch, { ordered: false });
    batch = [];
  };
  for (let i = 0; i < total; i++) {
    if (i < targets) {
      batch.push({ ...doc(targetRepository(i).repository, 'repo_push', sinkUrl, `bench target ${i}`), ...lane });
    } else {
      const other = i - targets;
      const repository = `bench-other-${Math.floor(other / PER_OTHER_REPOSITORY)}/app`;
      batch.push(doc(repository, EVENT_KINDS[other % EVENT_KINDS.length], sinkUrl, `bench other ${other}`));
    }
    if (batch.length === BATCH) await flush();
  }
  await flush();
  const others = Math.max(0, total - targets);
  return {
    notifications: total,
    repositories: targets + Math.ceil(others / PER_OTHER_REPOSITORY),
    insertMs: nowMs() - started,
  };
}
