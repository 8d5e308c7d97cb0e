/**
 * An event source: the mirror image of an action. It turns what a registry sends (CNCF distribution's notification
 * envelopes, Harbor's webhooks, zot's CloudEvents) into catalogue events, which Herald then publishes on NATS exactly as
 * a registry publishing there itself would. Implement it in an @Injectable class marked @HeraldSourcePlugin() and
 * provide it from the Nest module your package exports as `heraldPlugin.module`, as an action plugin does.
 */
export interface SourcePlugin {
  /** The `{source}` of `POST /api/v1/sources/{source}/events`: lower case letters, digits and hyphens. */
  readonly name: string;
  /** One line for the API's list of sources and the README. */
  readonly description: string;
  /** Media types the endpoint accepts (compared without parameters); a body of another type is a 415. */
  readonly mediaTypes: readonly string[];
  /**
   * Reads one request. Throws SourceInputError for a body that is not what this registry sends (the 400's reason);
   * returns the catalogue events it maps to and what it skipped. Pure: no I/O, so a retry of the same request maps to
   * the same events with the same ids.
   */
  translate(request: SourceRequest, context: SourceContext): SourceTranslation;
}

export interface SourceRequest {
  /** The body exactly as received. */
  body: Buffer;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
}

export interface SourceContext {
  /**
   * Settings of this source from configuration (`HERALD_SOURCE_<NAME>_<KEY>` variables, NAME upper-cased with `-` as
   * `_`, KEY lower-cased), e.g. the registry's public host for `docker_url`.
   */
  settings: Readonly<Record<string, string>>;
  /** Herald's address as users reach it (HERALD_PUBLIC_URL), for links. */
  publicUrl: string;
}

/** One catalogue event that a registry's request maps to. */
export interface SourceEvent {
  /** The catalogue kind, e.g. `repo_push`. */
  kind: string;
  /** The catalogue payload; Herald validates it as it validates any published event. */
  payload: Record<string, unknown>;
  /**
   * Stable across the registry's retries of the same request (built from the registry's own event ids): Herald
   * publishes with it as `Nats-Msg-Id`, so a retried request is not delivered twice.
   */
  id: string;
  /**
   * Events with the same non-empty key that arrive within the source's aggregation window become one event (the
   * merge below), as Quay sends one push per operation: e.g. `repo_push:<repository>`.
   */
  aggregationKey?: string;
}

/** What a request held that maps to no catalogue event (a blob push, a pull): counted, never an error. */
export interface SkippedSourceEvent {
  /** The registry's own type or action, e.g. `pull` or `blob push`, for the metrics label. */
  type: string;
  reason: string;
}

export interface SourceTranslation {
  events: SourceEvent[];
  skipped: SkippedSourceEvent[];
}

/**
 * Optional: how events sharing an aggregation key merge (for `repo_push`, the union of `updated_tags`). Given the
 * events in arrival order, returns the one event to publish; its id should be derived from all of theirs.
 */
export interface AggregatingSourcePlugin extends SourcePlugin {
  merge(events: readonly SourceEvent[]): SourceEvent;
}

/** Whether the source merges events of one aggregation key (else each is published on its own). */
export function canMerge(plugin: SourcePlugin): plugin is AggregatingSourcePlugin {
  return typeof (plugin as Partial<AggregatingSourcePlugin>).merge === 'function';
}

/** A body that is not what the source's registry sends: a 400 carrying this message. */
export class SourceInputError extends Error {
  override readonly name = 'SourceInputError';
}

export const SOURCE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
