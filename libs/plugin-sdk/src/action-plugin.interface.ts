import type { Type } from '@nestjs/common';
import type { AddressConfirmation } from './address-confirmation';
import type { DeliveryContext, DeliveryOutcome, DeliveryRequest, RecipientAuthorizations } from './delivery.types';

/**
 * An action (method) such as webhook or email. Implement it in an @Injectable class marked @HeraldActionPlugin() and
 * provide it from the Nest module your package exports as `heraldPlugin.module`.
 */
export interface ActionPlugin<C extends object = object> {
  /** The `method` name admins choose, e.g. "webhook": lower case letters, digits and underscores. */
  readonly method: string;
  /** What people call it, for the console's method list (e.g. "Webhook POST"); default: the method name. */
  readonly title?: string;
  /** One sentence on what it does, for the same list. */
  readonly description?: string;
  /** class-validator class for the notification's `config`; its messages are what admins see on a 400. */
  readonly configClass: Type<C>;
  /** Deliveries in flight at once for this plugin in one process (default: HERALD_DELIVERY_CONCURRENCY). */
  readonly concurrency?: number;
  /**
   * A check beyond the config class that may call out, run when a notification is created (e.g. "is this address
   * authorized for the repository?"). Returns error messages naming `config.<field>`; empty when fine.
   */
  checkConfig?(config: C, context: ConfigCheckContext): Promise<string[]>;
  /**
   * Adds what the plugin generates to a valid config before it is stored (a signing secret, say): the host seals the
   * @SecretField values of the result and shows the `reveal` fields in clear in the creation answer only.
   */
  prepareConfig?(config: C, context: ConfigCheckContext): Promise<PreparedConfig>;
  /**
   * Replaces the generated secrets of a stored config (the rotation command): the new config, its `reveal` fields shown
   * once in the command's answer, or errors naming `config.<field>` when there is nothing to rotate.
   */
  rotateSecrets?(config: C, context: SecretRotationContext): Promise<PreparedConfig | { errors: string[] }>;
  /** Delivers one event to one notification's target; must honour ctx.signal. Throwing counts as a retryable failure. */
  deliver(request: DeliveryRequest<C>, ctx: DeliveryContext): Promise<DeliveryOutcome>;
  /**
   * Sends the host's "confirm this address for this repository" message (an e-mail action implements it; the host
   * keeps the codes and serves the link). Same outcome rules as deliver().
   */
  sendAddressConfirmation?(confirmation: AddressConfirmation, ctx: DeliveryContext): Promise<DeliveryOutcome>;
}

export interface ConfigCheckContext extends RecipientAuthorizations {
  repository: string;
  /** Id of the actor creating the notification. */
  actorId: string;
}

/** A config as the host is to store it, and which of its fields the answer may show in clear this once. */
export interface PreparedConfig {
  config: Record<string, unknown>;
  /** Fields (generated secrets) the answer shows unmasked; every later read masks them. */
  reveal?: string[];
}

export interface SecretRotationContext extends ConfigCheckContext {
  now: Date;
}

export const METHOD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
