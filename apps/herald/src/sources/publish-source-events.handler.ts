import { BadRequestException, Inject, UnsupportedMediaTypeException } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import {
  AuthorizedHandler,
  NotFoundError,
  PublishSourceEventsCommand,
  PublishSourceEventsResult,
  publishScope,
} from '@herald/core';
import { exceedsJsonLimits } from '@herald/events';
import { canMerge, SourceEvent, SourceInputError, SourceTranslation } from '@herald/plugin-sdk';
import { SourceEventPublisher } from './source-event.publisher';
import { SourceEventsHub } from './source-events.hub';
import { SourceRegistry } from './source-registry.service';
import { SOURCES_OPTIONS, SourcesOptions } from './sources.options';

/** `type/subtype` of a Content-Type header, lower case, parameters dropped. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** The events of a namespace-limited publish token's namespaces; the others are skipped, with the reason. */
function withinScope(translation: SourceTranslation, scope: 'all' | string[] | undefined): SourceTranslation {
  if (scope === 'all') return translation;
  const namespaces = scope ?? [];
  const events: SourceEvent[] = [];
  const skipped = [...translation.skipped];
  for (const e of translation.events) {
    const repository = typeof e.payload.repository === 'string' ? e.payload.repository : '';
    if (namespaces.includes(repository.split('/')[0])) events.push(e);
    else skipped.push({ type: e.kind, reason: `outside the publish token's namespaces (${namespaces.join(', ')})` });
  }
  return { events, skipped };
}

/**
 * Reads a registry's request through its source plugin and stores what it maps to: events with an aggregation key (when
 * the window is on and the source merges) in the pending stream, the rest on the events stream; answers once JetStream
 * acked them all.
 */
@CommandHandler(PublishSourceEventsCommand)
export class PublishSourceEventsHandler extends AuthorizedHandler<
  PublishSourceEventsCommand,
  PublishSourceEventsResult
> {
  constructor(
    private readonly registry: SourceRegistry,
    private readonly publisher: SourceEventPublisher,
    private readonly hub: SourceEventsHub,
    @Inject(SOURCES_OPTIONS) private readonly options: SourcesOptions,
  ) {
    super();
  }

  protected async handle(cmd: PublishSourceEventsCommand): Promise<PublishSourceEventsResult> {
    const source = this.registry.get(cmd.source);
    if (!source) throw new NotFoundError(`no event source named ${cmd.source}; GET /api/v1/sources lists them`);
    const { plugin, context } = source;
    const mediaType = mediaTypeOf(cmd.request.headers['content-type']);
    if (!plugin.mediaTypes.includes(mediaType)) {
      throw new UnsupportedMediaTypeException(
        `Content-Type ${mediaType || '(none)'} is not one source ${plugin.name} reads: ${plugin.mediaTypes.join(', ')}`,
      );
    }
    if (/[/+]json$/.test(mediaType)) {
      // Bounded before any parser walks it, as every event is (HERALD_EVENT_MAX_*).
      const excess = exceedsJsonLimits(cmd.request.body.toString('utf8'), this.options.jsonLimits);
      if (excess) throw new BadRequestException(excess.replace(/^payload/, 'request body'));
    }
    let translation: SourceTranslation;
    try {
      translation = plugin.translate({ body: cmd.request.body, headers: cmd.request.headers }, context);
    } catch (err) {
      if (err instanceof SourceInputError) throw new BadRequestException(`${plugin.name}: ${err.message}`);
      throw err;
    }
    translation = withinScope(translation, publishScope(cmd.actor, plugin.name));
    const aggregate = this.options.aggregationWindowMs > 0 && canMerge(plugin);
    const staged = translation.events.filter((e) => aggregate && !!e.aggregationKey);
    const direct = translation.events.filter((e) => !staged.includes(e));
    await Promise.all([this.publisher.publish(plugin.name, direct), this.publisher.stage(plugin.name, staged)]);
    for (const e of direct) this.hub.sourceEventPublished(plugin.name, e.kind, 'published');
    for (const e of staged) this.hub.sourceEventPublished(plugin.name, e.kind, 'staged');
    for (const s of translation.skipped) this.hub.sourceEventSkipped(plugin.name, s.type);
    return {
      source: plugin.name,
      published: direct.length,
      merged: staged.length,
      skipped: translation.skipped.length,
      skips: translation.skipped.map(({ type, reason }) => ({ type, reason })),
    };
  }
}
