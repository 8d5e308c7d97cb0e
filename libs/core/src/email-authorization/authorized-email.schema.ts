import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** An address a repository's admin asked to notify, and whether its owner confirmed it (Quay's authorized e-mails). */
@Schema({ collection: 'authorized_emails', versionKey: false, minimize: false })
export class AuthorizedEmail {
  /** "<repository> <address in lower case>": the send-time check is an _id look-up (the one FerretDB indexes well). */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ required: true })
  repository!: string;

  @Prop({ required: true })
  namespace!: string;

  /** As the admin typed it. */
  @Prop({ required: true })
  email!: string;

  @Prop({ required: true, default: false })
  confirmed!: boolean;

  /** SHA-256 of the pending single-use code; null once used (or when none is pending). The code itself is never kept. */
  @Prop({ type: String, default: null })
  code_hash!: string | null;

  @Prop({ type: Date, default: null })
  code_expires_at!: Date | null;

  @Prop({ required: true })
  requested_at!: Date;

  @Prop({ type: Date, default: null })
  confirmed_at!: Date | null;
}

export const AuthorizedEmailSchema = SchemaFactory.createForClass(AuthorizedEmail);
// The confirmation link's look-up. A plain index: FerretDB has no partial or TTL ones; expired codes just stop matching.
AuthorizedEmailSchema.index({ code_hash: 1 });
