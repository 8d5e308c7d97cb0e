import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { RecipientAuthorizations } from '@herald/plugin-sdk';
import { AuthorizedEmail } from './authorized-email.schema';
import { hashConfirmationCode, newConfirmationCode } from './confirmation-code';
import { authorizationId } from './email-address';

export interface PendingAuthorization {
  record: AuthorizedEmail;
  /** The single-use code to mail; only its hash is stored. */
  code: string;
}

/**
 * How long a "confirmed" answer is reused: a burst of mails to one address costs one look-up, not one each. A
 * revocation on this instance applies at once; one made on another instance within this time. "Not confirmed" is
 * never reused, so a fresh confirmation applies at once everywhere.
 */
const CONFIRMED_REUSE_MS = 2000;
/** Beyond this many remembered answers the memory starts over (it is only a shortcut). */
const MAX_REMEMBERED = 10_000;

/** The authorized_emails collection: requests, confirmations, revocations and the check every e-mail passes. */
@Injectable()
export class EmailAuthorizations {
  private readonly confirmedUntil = new Map<string, number>();

  constructor(@InjectModel(AuthorizedEmail.name) private readonly model: Model<AuthorizedEmail>) {}

  async find(repository: string, email: string): Promise<AuthorizedEmail | null> {
    return this.model
      .findOne({ _id: authorizationId(repository, email) })
      .lean<AuthorizedEmail>()
      .exec();
  }

  /** What deliveries and notification creation ask: confirmed for this repository, and not revoked since. */
  async isConfirmed(repository: string, email: string): Promise<boolean> {
    const id = authorizationId(repository, email);
    const now = Date.now();
    if ((this.confirmedUntil.get(id) ?? 0) > now) return true;
    const confirmed = (await this.find(repository, email))?.confirmed === true;
    if (!confirmed) this.confirmedUntil.delete(id);
    else {
      if (this.confirmedUntil.size >= MAX_REMEMBERED) this.confirmedUntil.clear();
      this.confirmedUntil.set(id, now + CONFIRMED_REUSE_MS);
    }
    return confirmed;
  }

  /** The capability plugins get in their config-check and delivery contexts, for one repository. */
  for(repository: string): Required<RecipientAuthorizations> {
    return { isEmailAuthorized: (email) => this.isConfirmed(repository, email) };
  }

  /**
   * A new code for a pending (or new) authorization; an earlier code stops working, so only the latest mail's link
   * confirms. One upsert by _id: no transaction needed.
   */
  async request(repository: string, email: string, ttlMs: number): Promise<PendingAuthorization> {
    const code = newConfirmationCode();
    const now = new Date();
    const record = await this.model
      .findOneAndUpdate(
        { _id: authorizationId(repository, email) },
        {
          $set: {
            email,
            code_hash: hashConfirmationCode(code),
            code_expires_at: new Date(now.getTime() + ttlMs),
            requested_at: now,
          },
          $setOnInsert: { repository, namespace: repository.split('/')[0], confirmed: false, confirmed_at: null },
        },
        { upsert: true, new: true },
      )
      .lean<AuthorizedEmail>()
      .exec();
    return { record: record as AuthorizedEmail, code };
  }

  /**
   * Confirms the authorization whose unexpired code this is and spends the code in the same atomic update, so a code
   * works once even when two clicks race. Null for an unknown, used or expired code.
   */
  async confirm(code: string): Promise<AuthorizedEmail | null> {
    const now = new Date();
    return this.model
      .findOneAndUpdate(
        { code_hash: hashConfirmationCode(code), code_expires_at: { $gt: now } },
        { $set: { confirmed: true, confirmed_at: now, code_hash: null, code_expires_at: null } },
        { new: true },
      )
      .lean<AuthorizedEmail>()
      .exec();
  }

  /** Revokes (deletes) the authorization; false when there was none. */
  async revoke(repository: string, email: string): Promise<boolean> {
    this.confirmedUntil.delete(authorizationId(repository, email));
    const res = await this.model.deleteOne({ _id: authorizationId(repository, email) }).exec();
    return res.deletedCount === 1;
  }
}
