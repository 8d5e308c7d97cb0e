import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../permissions/actor';
import type { Authorizable } from '../../permissions/herald.command';
import { mayPublishTo } from '../../permissions/publish-scope';

/** What a registry's request became. */
export interface PublishSourceEventsResult {
  source: string;
  /** Events stored in the events stream (JetStream acked each; a retried one counts, stored once). */
  published: number;
  /** Events stored to be merged with others of their aggregation key once its window closes. */
  merged: number;
  skipped: number;
  /** Why each skipped event maps to nothing, in request order. */
  skips: { type: string; reason: string }[];
}

export interface SourceHttpRequest {
  body: Buffer;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
}

/**
 * A registry's request to a source's ingest endpoint. It names no repository (the events inside do): it takes a
 * publish token for that source, and the events it yields go through the same validation as any published on NATS.
 */
export class PublishSourceEventsCommand extends Command<PublishSourceEventsResult> implements Authorizable {
  constructor(
    readonly actor: Actor,
    readonly source: string,
    readonly request: SourceHttpRequest,
  ) {
    super();
  }

  repositories(): string[] {
    return [];
  }

  refusal(): string | undefined {
    return mayPublishTo(this.actor, this.source)
      ? undefined
      : `${this.actor.id} holds no publish token for source ${this.source}`;
  }
}
