import { timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AccessClaim, Actor } from '@herald/core';
import { Model } from 'mongoose';
import { parseAccessClaims } from './access-claims.parser';
import { formatApiToken, hashTokenSecret, newTokenId, newTokenSecret, parseApiToken } from './api-token.format';
import { ApiToken } from './api-token.schema';
import { AuthenticationError } from './authentication.error';

/** An API token as shown to its owners: never the secret nor its hash. Dates are ISO strings. */
export interface ApiTokenView {
  id: string;
  name: string;
  access: AccessClaim[];
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface CreateApiTokenInput {
  name: string;
  access: AccessClaim[];
  /** Actor id of the creator. */
  createdBy: string;
  expiresAt?: Date;
}

/** last_used_at is a hint for humans: writing it on every request would turn each read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;
const DUPLICATE_KEY = 11000;
const CREATE_ATTEMPTS = 3;

// Same message for an unknown id and a wrong secret, so the answer does not tell which ids exist.
const INVALID_TOKEN = 'invalid API token';

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

function toView(doc: Omit<ApiToken, 'secret_hash'>): ApiTokenView {
  return {
    id: doc.token_id,
    name: doc.name,
    access: (doc.access ?? []).map(({ type, name, actions }) => ({ type, name, actions: [...actions] })),
    created_by: doc.created_by,
    created_at: iso(doc.created_at) as string,
    expires_at: iso(doc.expires_at),
    revoked_at: iso(doc.revoked_at),
    last_used_at: iso(doc.last_used_at),
  };
}

function sameHash(storedHex: string, presentedHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  const presented = Buffer.from(presentedHex, 'hex');
  // Both are SHA-256 digests, so lengths differ only for a corrupt record; timingSafeEqual would throw on it.
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}

/** API tokens for automation, kept in MongoDB (`api_tokens`) as a SHA-256 of their secret. */
@Injectable()
export class ApiTokenStore {
  private readonly logger = new Logger(ApiTokenStore.name);
  /** When this process last wrote last_used_at per token: stops a burst of requests from all writing it. */
  private readonly touchedAt = new Map<string, number>();

  constructor(@InjectModel(ApiToken.name) private readonly model: Model<ApiToken>) {}

  /** Stores a new token; the returned plaintext `token` is the only copy there will ever be. */
  async create(input: CreateApiTokenInput): Promise<{ token: string; record: ApiTokenView }> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw new TypeError('an API token needs a name');
    if (typeof input.createdBy !== 'string' || !input.createdBy) throw new TypeError('an API token needs createdBy');
    const access = parseAccessClaims(input.access);
    if (!access) throw new TypeError('access must be a list of { type, name, actions: string[] }');
    if (input.expiresAt !== undefined && !(input.expiresAt instanceof Date && !isNaN(input.expiresAt.getTime()))) {
      throw new TypeError('expiresAt must be a valid Date');
    }
    for (let attempt = 1; ; attempt++) {
      const tokenId = newTokenId();
      const secret = newTokenSecret();
      try {
        const doc = await this.model.create({
          token_id: tokenId,
          name,
          secret_hash: hashTokenSecret(secret),
          access,
          created_by: input.createdBy,
          created_at: new Date(),
          expires_at: input.expiresAt ?? null,
          revoked_at: null,
          last_used_at: null,
        });
        return { token: formatApiToken({ tokenId, secret }), record: toView(doc.toObject()) };
      } catch (err) {
        // 62^12 ids make a collision all but impossible; a retry costs nothing when it happens anyway.
        if ((err as { code?: unknown }).code !== DUPLICATE_KEY || attempt >= CREATE_ATTEMPTS) throw err;
      }
    }
  }

  /** Marks the token revoked; false when it does not exist or was already revoked. */
  async revoke(tokenId: string): Promise<boolean> {
    const result = await this.model
      .updateOne({ token_id: tokenId, revoked_at: null }, { $set: { revoked_at: new Date() } })
      .exec();
    this.touchedAt.delete(tokenId);
    return result.modifiedCount === 1;
  }

  /** Every token, or those created by one actor, oldest first. */
  async list(createdBy?: string): Promise<ApiTokenView[]> {
    const filter = createdBy === undefined ? {} : { created_by: createdBy };
    const docs = await this.model
      .find(filter, { secret_hash: 0 })
      .sort({ created_at: 1, _id: 1 })
      .lean<Omit<ApiToken, 'secret_hash'>[]>()
      .exec();
    return docs.map(toView);
  }

  async get(tokenId: string): Promise<ApiTokenView | null> {
    const doc = await this.model
      .findOne({ token_id: tokenId }, { secret_hash: 0 })
      .lean<Omit<ApiToken, 'secret_hash'>>()
      .exec();
    return doc ? toView(doc) : null;
  }

  /** The actor of a `hrld_` token, or AuthenticationError when it is malformed, unknown, wrong, revoked or expired. */
  async authenticate(token: string): Promise<Actor> {
    const parts = parseApiToken(token);
    if (!parts) throw new AuthenticationError('malformed API token');
    const doc = await this.model.findOne({ token_id: parts.tokenId }).lean<ApiToken>().exec();
    if (!doc || !sameHash(doc.secret_hash, hashTokenSecret(parts.secret))) {
      throw new AuthenticationError(INVALID_TOKEN);
    }
    // Checked only after the secret matched, so only its holder learns a token's state.
    const now = Date.now();
    if (doc.revoked_at) throw new AuthenticationError('API token revoked');
    if (doc.expires_at && new Date(doc.expires_at).getTime() <= now) throw new AuthenticationError('API token expired');
    await this.touch(doc, now);
    return {
      id: `token:${doc.token_id}`,
      kind: 'api_token',
      access: (doc.access ?? []).map(({ type, name, actions }) => ({ type, name, actions: [...actions] })),
      superuser: false,
      onBehalfOf: doc.created_by,
      ...(doc.expires_at ? { expiresAt: new Date(doc.expires_at).getTime() } : {}),
    };
  }

  private async touch(doc: ApiToken, now: number): Promise<void> {
    const stored = doc.last_used_at ? new Date(doc.last_used_at).getTime() : 0;
    const local = this.touchedAt.get(doc.token_id) ?? 0;
    if (now - Math.max(stored, local) < LAST_USED_RESOLUTION_MS) return;
    this.touchedAt.set(doc.token_id, now);
    try {
      await this.model.updateOne({ token_id: doc.token_id }, { $set: { last_used_at: new Date(now) } }).exec();
    } catch (err) {
      // Bookkeeping only: a failed write must not turn a valid token away.
      this.logger.warn(`could not record the use of API token ${doc.token_id}: ${(err as Error).message}`);
    }
  }
}
