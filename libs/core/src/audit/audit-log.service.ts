import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { Actor } from '../permissions/actor';
import { AuditEntry, AuditKind } from './audit-entry.schema';

export interface AuditRecord {
  kind: AuditKind;
  actor: Actor;
  repository: string;
  notificationUuid?: string;
  metadata?: Record<string, unknown>;
}

export interface AuditView {
  kind: AuditKind;
  repository: string;
  notification_uuid: string | null;
  performer: { id: string; kind: string };
  metadata: Record<string, unknown>;
  datetime: string;
}

@Injectable()
export class AuditLog {
  constructor(@InjectModel(AuditEntry.name) private readonly model: Model<AuditEntry>) {}

  async record(r: AuditRecord): Promise<void> {
    await this.model.create({
      kind: r.kind,
      repository: r.repository,
      notification_uuid: r.notificationUuid ?? null,
      performer: { id: r.actor.id, kind: r.actor.kind },
      metadata: r.metadata ?? {},
      datetime: new Date(),
    });
  }

  /** A change to one notification, described by what identifies it to a reader of the log. */
  async notificationChanged(
    kind: AuditKind,
    actor: Actor,
    n: { uuid: string; repository: string; event: string; method: string; title: string | null },
  ): Promise<void> {
    await this.record({
      kind,
      actor,
      repository: n.repository,
      notificationUuid: n.uuid,
      metadata: { event: n.event, method: n.method, title: n.title },
    });
  }

  /** Newest first. */
  async list(repository: string, opts: { limit: number; before?: Date }): Promise<AuditView[]> {
    const filter = opts.before ? { repository, datetime: { $lt: opts.before } } : { repository };
    const docs = await this.model.find(filter).sort({ datetime: -1 }).limit(opts.limit).lean<AuditEntry[]>().exec();
    return docs.map((d) => ({
      kind: d.kind,
      repository: d.repository,
      notification_uuid: d.notification_uuid,
      performer: d.performer,
      metadata: d.metadata,
      datetime: new Date(d.datetime).toISOString(),
    }));
  }
}
