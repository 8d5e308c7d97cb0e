import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';

export interface NotificationFixture {
  repository: string;
  event: string;
  method: string;
  config: Record<string, unknown>;
  event_config?: Record<string, unknown>;
  title?: string | null;
}

/** Writes a notification document the way Herald stores them, for tests that precede the command API. */
export async function insertNotification(db: mongoose.Connection, n: NotificationFixture): Promise<string> {
  const uuid = randomUUID();
  const now = new Date();
  await db.collection<{ _id: string } & Record<string, unknown>>('notifications').insertOne({
    _id: uuid,
    uuid,
    repository: n.repository,
    namespace: n.repository.split('/')[0],
    event: n.event,
    method: n.method,
    config: n.config,
    event_config: n.event_config ?? {},
    title: n.title ?? null,
    number_of_failures: 0,
    created_at: now,
    updated_at: now,
  });
  return uuid;
}
