import { validateEvent } from '@herald/events';
import {
  canMerge,
  SOURCE_NAME_PATTERN,
  SourceContext,
  SourceEvent,
  SourceInputError,
  SourcePlugin,
  SourceRequest,
  SourceTranslation,
} from '../source/source-plugin.interface';

export interface SourcePluginContract {
  plugin: SourcePlugin;
  /** Requests the registry really sends (fixtures), each mapping to at least one catalogue event. */
  samples: SourceRequest[];
  /** Requests the registry really sends that map to no event (a blob push, a pull): each skipped with a reason. */
  skippedSamples?: SourceRequest[];
  /** Settings the samples are translated with; default none. */
  settings?: Record<string, string>;
  /** Bodies beyond the kit's own garbage that must be refused with SourceInputError. */
  invalid?: SourceRequest[];
}

const CONTEXT: SourceContext = { settings: {}, publicUrl: 'https://herald.example.com' };

/** What no registry sends: each must be a SourceInputError (a 400), never another error (a 500) or events. */
const GARBAGE = ['', '{', 'null', '[]', '"text"', '42', '{}', '\u0000\u00ff binary'];

function translate(plugin: SourcePlugin, request: SourceRequest, context: SourceContext): SourceTranslation | Error {
  try {
    return plugin.translate(request, context);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function eventProblems(event: SourceEvent, at: string): string[] {
  const valid = validateEvent(event.kind, event.payload);
  return valid.ok ? [] : [`${at}: ${valid.reason}`];
}

function identityProblems(plugin: SourcePlugin): string[] {
  const problems: string[] = [];
  if (!SOURCE_NAME_PATTERN.test(plugin.name)) problems.push(`name "${plugin.name}" must match ${SOURCE_NAME_PATTERN}`);
  if (!plugin.description?.trim()) problems.push('description must not be empty');
  if (!plugin.mediaTypes.length) problems.push('mediaTypes must name at least one media type');
  for (const type of plugin.mediaTypes) {
    if (type !== type.toLowerCase() || type.includes(';'))
      problems.push(`media type "${type}" must be bare lower case`);
  }
  return problems;
}

function invalidProblems(c: SourcePluginContract, context: SourceContext): string[] {
  const problems: string[] = [];
  const contentType = c.plugin.mediaTypes[0] ?? 'application/json';
  const invalid = [
    ...GARBAGE.map((text) => ({ body: Buffer.from(text, 'latin1'), headers: { 'content-type': contentType } })),
    ...(c.invalid ?? []),
  ];
  for (const request of invalid) {
    const got = translate(c.plugin, request, context);
    if (!(got instanceof SourceInputError)) {
      const what = got instanceof Error ? `${got.name}: ${got.message}` : `${got.events.length} event(s)`;
      problems.push(`body ${JSON.stringify(request.body.toString('latin1'))} must throw SourceInputError; got ${what}`);
    } else if (!got.message.trim()) {
      problems.push(`the SourceInputError for ${JSON.stringify(request.body.toString('latin1'))} has no reason`);
    }
  }
  return problems;
}

/**
 * Checks what every source plugin owes the host: a valid name, description and media types; SourceInputError with a
 * reason for a body its registry would not send; for real requests catalogue-valid events whose ids are unique and
 * stable across two translations (a registry's retry must be de-duplicated), and skips that say why; and, when it
 * merges, a merged event that is valid with an id that follows from its parts. Returns the problems found, so a
 * plugin's spec is one line: `expect(checkSourcePluginContract({...})).toEqual([])`.
 */
export function checkSourcePluginContract(c: SourcePluginContract): string[] {
  const { plugin } = c;
  const context = { ...CONTEXT, settings: c.settings ?? {} };
  const problems = [...identityProblems(plugin), ...invalidProblems(c, context)];
  const byKey = new Map<string, SourceEvent[]>();

  const check = (request: SourceRequest, at: string, expectEvents: boolean): void => {
    const first = translate(plugin, request, context);
    const second = translate(plugin, request, context);
    if (first instanceof Error || second instanceof Error) {
      problems.push(`${at} was refused: ${String(first instanceof Error ? first : second)}`);
      return;
    }
    if (expectEvents && first.events.length === 0) problems.push(`${at} maps to no event`);
    if (!expectEvents && (first.events.length > 0 || first.skipped.length === 0))
      problems.push(`${at} must map to no event and be skipped`);
    for (const skip of first.skipped) {
      if (!skip.type?.trim() || !skip.reason?.trim()) problems.push(`${at}: a skip needs a type and a reason`);
    }
    const ids = first.events.map((e) => e.id);
    if (ids.some((id) => typeof id !== 'string' || !id || /\s/.test(id)))
      problems.push(`${at}: ids must be non-empty without spaces`);
    if (new Set(ids).size !== ids.length) problems.push(`${at}: event ids repeat within one request`);
    if (JSON.stringify(second.events.map((e) => e.id)) !== JSON.stringify(ids)) {
      problems.push(`${at}: ids change between two translations of the same request`);
    }
    for (const event of first.events) {
      problems.push(...eventProblems(event, at));
      if (event.aggregationKey) byKey.set(event.aggregationKey, [...(byKey.get(event.aggregationKey) ?? []), event]);
    }
  };
  c.samples.forEach((request, i) => check(request, `sample ${i}`, true));
  (c.skippedSamples ?? []).forEach((request, i) => check(request, `skipped sample ${i}`, false));

  if (canMerge(plugin)) {
    for (const [key, parts] of byKey) {
      const merged = plugin.merge(parts);
      problems.push(...eventProblems(merged, `merge of ${key}`));
      if (plugin.merge(parts).id !== merged.id) problems.push(`merge of ${key}: the id does not follow from the parts`);
    }
  }
  return problems;
}
