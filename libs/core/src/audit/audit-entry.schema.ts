import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const AUDIT_KINDS = [
  'add_repo_notification',
  'delete_repo_notification',
  'reset_repo_notification',
  'rotate_repo_notification_secret',
  'test_repo_notification',
  'redeliver_repo_notification',
  'rotate_secrets',
  'authorize_repo_email',
  'confirm_repo_email',
  'revoke_repo_email',
  'denied',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

@Schema({ collection: 'audit_log', versionKey: false, minimize: false })
export class AuditEntry {
  @Prop({ type: String, required: true, enum: AUDIT_KINDS })
  kind!: AuditKind;

  @Prop({ required: true })
  repository!: string;

  @Prop({ type: String, default: null })
  notification_uuid!: string | null;

  @Prop({ type: Object, required: true })
  performer!: { id: string; kind: string };

  @Prop({ type: Object, default: {} })
  metadata!: Record<string, unknown>;

  @Prop({ required: true })
  datetime!: Date;
}

export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntry);
AuditEntrySchema.index({ repository: 1, datetime: -1 });
