import { validateEvent } from '@herald/events';
import {
  SOURCE_NAME_PATTERN,
  SourceContext,
  SourceInputError,
  SourcePlugin,
  SourceRequest,
  SourceTranslation,
} from '../source/source-plugin.interface';

export interface SourcePluginContract {
  plugin: SourcePlugin;
  /** Requests the registry really sends (fixtures), each mapping to at least one catalogue event. */
  samples: SourceRequest[];
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

/**
 * Checks what every source plugin owes the host: a valid name, SourceInputError for a body its registry would not
 * send, and for real requests catalogue-valid events whose ids are unique and stable across two translations (a
 * registry's retry must be de-duplicated). Returns the problems found, so a plugin's spec is one line:
 * `expect(checkSourcePluginContract({...})).toEqual([])`.
 */
export function checkSourcePluginContract(c: SourcePluginContract): string[] {
  const problems: string[] = [];
  const { plugin } = c;
  const context = { ...CONTEXT, settings: c.settings ?? {} };
  if (!SOURCE_NAME_PATTERN.test(plugin.name)) problems.push(`name "${plugin.name}" must match ${SOURCE_NAME_PATTERN}`);
  if (!plugin.description?.trim()) problems.push('description must not be empty');
  if (!plugin.mediaTypes.length) problems.push('mediaTypes must name at least one media type');
  for (const type of plugin.mediaTypes) {
    if (type !== type.toLowerCase() || type.includes(';'))
      problems.push(`media type "${type}" must be bare lower case`);
  }

  const contentType = plugin.mediaTypes[0] ?? 'application/json';
  const invalid = [
    ...GARBAGE.map((text) => ({ body: Buffer.from(text, 'latin1'), headers: { 'content-type': contentType } })),
    ...(c.invalid ?? []),
  ];
  for (const request of invalid) {
    const got = translate(plugin, request, context);
    if (!(got instanceof SourceInputError)) {
      const what = got instanceof Error ? `${got.name}: ${got.message}` : `${got.events.length} event(s)`;
      problems.push(`body ${JSON.stringify(request.body.toString('latin1'))} must throw SourceInputError; got ${what}`);
    } else if (!got.message.trim()) {
      problems.push(`the SourceInputError for ${JSON.stringify(request.body.toString('latin1'))} has no reason`);
    }
  }

  c.samples.forEach((request, i) => {
    const first = translate(plugin, request, context);
    const second = translate(plugin, request, context);
    if (first instanceof Error || second instanceof Error) {
      problems.push(`sample ${i} was refused: ${String(first instanceof Error ? first : second)}`);
      return;
    }
    if (first.events.length === 0) problems.push(`sample ${i} maps to no event`);
    const ids = first.events.map((e) => e.id);
    if (ids.some((id) => !id || /[\s]/.test(id))) problems.push(`sample ${i}: ids must be non-empty without spaces`);
    if (new Set(ids).size !== ids.length) problems.push(`sample ${i}: event ids repeat within one request`);
    if (JSON.stringify(second.events.map((e) => e.id)) !== JSON.stringify(ids)) {
      problems.push(`sample ${i}: ids change between two translations of the same request`);
    }
    for (const event of first.events) {
      const valid = validateEvent(event.kind, event.payload);
      if (!valid.ok) problems.push(`sample ${i}: ${valid.reason}`);
    }
  });
  return problems;
}
