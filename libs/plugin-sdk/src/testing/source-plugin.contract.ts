import { validateEvent } from '@herald/events';
import {
  AggregatingSourcePlugin,
  SOURCE_NAME_PATTERN,
  SourceContext,
  SourceEvent,
  SourceInputError,
  SourcePlugin,
  SourceRequest,
} from '../source/source-plugin.interface';

export interface SourcePluginContract {
  plugin: SourcePlugin;
  /** Requests the registry really sends (fixtures): each must translate, to valid catalogue events. */
  validRequests: SourceRequest[];
  /** Bodies that are not the registry's: each must be a SourceInputError (a 400), never another throw. */
  invalidBodies: Buffer[];
  /** Default: no settings, Herald on localhost. */
  context?: SourceContext;
}

const DEFAULT_CONTEXT: SourceContext = { settings: {}, publicUrl: 'http://localhost:8080' };

function isAggregating(plugin: SourcePlugin): plugin is AggregatingSourcePlugin {
  return typeof (plugin as Partial<AggregatingSourcePlugin>).merge === 'function';
}

function eventProblems(event: SourceEvent, at: string): string[] {
  const problems: string[] = [];
  if (typeof event.id !== 'string' || !event.id) problems.push(`${at}: an event needs a non-empty id`);
  const valid = validateEvent(event.kind, event.payload);
  if (!valid.ok) problems.push(`${at}: ${event.kind} is not a valid catalogue event: ${valid.reason}`);
  return problems;
}

/**
 * What every source plugin must keep, as a list of problems (empty when it keeps them all): a valid name and media
 * types, valid catalogue events with ids stable across a retry of the same request, a SourceInputError for foreign
 * bodies, and (when it merges) a merge that is a valid event whose id follows from its parts.
 */
export function checkSourcePluginContract(contract: SourcePluginContract): string[] {
  const { plugin } = contract;
  const context = contract.context ?? DEFAULT_CONTEXT;
  const problems: string[] = [];
  if (!SOURCE_NAME_PATTERN.test(plugin.name)) problems.push(`name "${plugin.name}" must match ${SOURCE_NAME_PATTERN}`);
  if (!plugin.mediaTypes.length || plugin.mediaTypes.some((t) => t !== t.toLowerCase() || t.includes(';'))) {
    problems.push('mediaTypes must be a non-empty list of lower-case types without parameters');
  }
  const byKey = new Map<string, SourceEvent[]>();
  contract.validRequests.forEach((request, i) => {
    const at = `validRequests[${i}]`;
    try {
      const first = plugin.translate(request, context);
      const again = plugin.translate(request, context);
      const ids = first.events.map((e) => e.id);
      if (new Set(ids).size !== ids.length) problems.push(`${at}: two events of one request share an id`);
      if (JSON.stringify(again.events.map((e) => e.id)) !== JSON.stringify(ids)) {
        problems.push(`${at}: translating the same request again gave other ids (a retry would be delivered twice)`);
      }
      first.events.forEach((e, j) => problems.push(...eventProblems(e, `${at}.events[${j}]`)));
      for (const e of first.events)
        if (e.aggregationKey) byKey.set(e.aggregationKey, [...(byKey.get(e.aggregationKey) ?? []), e]);
    } catch (err) {
      problems.push(`${at}: translate threw ${String(err)}`);
    }
  });
  contract.invalidBodies.forEach((body, i) => {
    try {
      plugin.translate({ body, headers: { 'content-type': plugin.mediaTypes[0] } }, context);
      problems.push(`invalidBodies[${i}]: accepted`);
    } catch (err) {
      if (!(err instanceof SourceInputError))
        problems.push(`invalidBodies[${i}]: threw ${String(err)}, not a SourceInputError`);
    }
  });
  if (isAggregating(plugin)) {
    for (const [key, parts] of byKey) {
      const merged = plugin.merge(parts);
      problems.push(...eventProblems(merged, `merge of ${key}`));
      if (plugin.merge(parts).id !== merged.id) problems.push(`merge of ${key}: the id does not follow from the parts`);
    }
  }
  return problems;
}
