import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { AccessClaim } from '@herald/core';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

// A plain sub-schema: `type` is a field name here, so it is spelled out as `{ type: String }`.
const AccessClaimSchema = new MongooseSchema<AccessClaim>(
  {
    type: { type: String, required: true },
    name: { type: String, required: true },
    actions: { type: [String], default: [] },
  },
  { _id: false },
);

/** An API token for automation. Only the SHA-256 of its secret is stored; the plaintext is shown once, at creation. */
@Schema({ collection: 'api_tokens', versionKey: false, minimize: false })
export class ApiToken {
  @Prop({ required: true, unique: true })
  token_id!: string;

  @Prop({ required: true })
  name!: string;

  /** Hex SHA-256 of the token's secret part. */
  @Prop({ required: true })
  secret_hash!: string;

  @Prop({ type: [AccessClaimSchema], default: [] })
  access!: AccessClaim[];

  /** Actor id of the creator. */
  @Prop({ required: true })
  created_by!: string;

  @Prop({ type: Date, required: true })
  created_at!: Date;

  @Prop({ type: Date, default: null })
  expires_at!: Date | null;

  @Prop({ type: Date, default: null })
  revoked_at!: Date | null;

  @Prop({ type: Date, default: null })
  last_used_at!: Date | null;
}

export type ApiTokenDocument = HydratedDocument<ApiToken>;
export const ApiTokenSchema = SchemaFactory.createForClass(ApiToken);
// list(createdBy) filters on it.
ApiTokenSchema.index({ created_by: 1 });
