import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * One in-app notification (Quay's notification area), stored once per delivery whatever the number of people who see
 * it: a team or an organization target is one document, and each person's dismissal is a document of its own
 * (InboxDismissal). `_id` is an ObjectId, so ids sort in creation order (the stream's Last-Event-ID).
 */
// Indexes are created by InboxStore at boot where they serve (not on FerretDB), as DeliveryHistory does.
@Schema({ collection: 'inbox_notifications', versionKey: false, minimize: false, autoIndex: false })
export class InboxItem {
  _id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  target_kind!: string;

  @Prop({ type: String, required: true })
  target_name!: string;

  /** The event kind, or a host notice (notification_disabled). */
  @Prop({ type: String, required: true })
  kind!: string;

  /** The metadata as JSON: the registry's own bytes, and one field instead of many on FerretDB. */
  @Prop({ type: String, required: true })
  metadata_json!: string;

  /** One plain-text line, made when stored (the catalogue's summary of the event). */
  @Prop({ type: String, required: true })
  summary!: string;

  @Prop({ type: String, default: null })
  link!: string | null;

  @Prop({ type: String, required: true })
  repository!: string;

  @Prop({ type: String, required: true })
  notification_uuid!: string;

  @Prop({ type: String, required: true })
  delivery_id!: string;

  @Prop({ type: Date, required: true })
  created!: Date;
}

export const InboxItemSchema = SchemaFactory.createForClass(InboxItem);
InboxItemSchema.index({ target_kind: 1, target_name: 1, _id: -1 });

/** "This person dismissed that item": `_id` is `<item id>:<user>`, so setting it twice is a duplicate key, not a copy. */
@Schema({ collection: 'inbox_dismissals', versionKey: false, autoIndex: false })
export class InboxDismissal {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Types.ObjectId, required: true })
  item_id!: Types.ObjectId;

  @Prop({ type: String, required: true })
  user!: string;

  /** The item's target again, so an unread count is two counts with one filter. */
  @Prop({ type: String, required: true })
  target_kind!: string;

  @Prop({ type: String, required: true })
  target_name!: string;

  @Prop({ type: Date, required: true })
  at!: Date;
}

export const InboxDismissalSchema = SchemaFactory.createForClass(InboxDismissal);
InboxDismissalSchema.index({ user: 1, target_kind: 1, target_name: 1 });

/**
 * Which item a delivery stored, keyed by the delivery id in `_id`: the one unique key every MongoDB-wire server
 * enforces, so a retry or a redelivery of the same delivery finds it and stores nothing twice.
 */
@Schema({ collection: 'inbox_deliveries', versionKey: false })
export class InboxDeliveryClaim {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Types.ObjectId, required: true })
  item_id!: Types.ObjectId;
}

export const InboxDeliveryClaimSchema = SchemaFactory.createForClass(InboxDeliveryClaim);
