import { Command } from '@nestjs/cqrs';
import { Actor, DEPLOYMENT_TARGET } from '../../permissions/actor';
import type { Authorizable } from '../../permissions/herald.command';

export interface RotateSecretsResult {
  /** The key every stored secret is now sealed under. */
  key_id: string;
  /** Notifications whose config was sealed again (under an older key, or stored in clear before encryption). */
  resealed: number;
  scanned: number;
}

/** Seals every stored secret under the active key, so older keys can be retired. Superusers only. */
export class RotateSecretsCommand extends Command<RotateSecretsResult> implements Authorizable {
  constructor(readonly actor: Actor) {
    super();
  }

  repositories(): string[] {
    return [DEPLOYMENT_TARGET];
  }
}
