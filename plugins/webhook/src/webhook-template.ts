import { query } from 'jsonpath-rfc9535';

/** A template Herald cannot use: the message is shown to the admin as `config.template: ...`. */
export class TemplateError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const INLINE = /\$\{([^}]*)\}/g;
const WHOLE = /^\$\{([^}]*)\}$/;
const MAX_TEMPLATE_CHARS = 65_536;

/**
 * Quay's expressions are jsonpath-rw paths, written without the leading `$` (`${repository}`, `${updated_tags[0]}`);
 * RFC 9535 wants the root, so it is added where missing.
 */
function rooted(expression: string): string {
  const e = expression.trim();
  if (e.startsWith('$')) return e;
  return e.startsWith('[') ? `$${e}` : `$.${e}`;
}

function matches(expression: string, data: Json): Json[] {
  try {
    return query(data, rooted(expression)) as Json[];
  } catch (err) {
    throw new TemplateError(`invalid JSONPath expression "\${${expression}}": ${(err as Error).message}`);
  }
}

/** A whole-string expression keeps the value's type: a miss is null, one match itself, several a list. */
function raw(expression: string, data: Json): Json {
  const found = matches(expression, data);
  if (found.length === 0) return null;
  return found.length === 1 ? found[0] : found;
}

const text = (v: Json): string => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

/** An expression inside a longer string: a miss reads "(none)", several matches are joined with ",". */
function interpolate(s: string, data: Json): string {
  return s.replace(INLINE, (_m, expression: string) => {
    const found = matches(expression, data);
    return found.length === 0 ? '(none)' : found.map(text).join(',');
  });
}

function apply(node: Json, data: Json): Json {
  if (typeof node === 'string') {
    const whole = WHOLE.exec(node);
    return whole ? raw(whole[1], data) : interpolate(node, data);
  }
  if (Array.isArray(node)) return node.map((n) => apply(n, data));
  if (node && typeof node === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(node)) out[interpolate(k, data)] = apply(v, data);
    return out;
  }
  return node;
}

/** Parsed templates by their text: a notification's template is rendered for each of its deliveries. */
const parsed = new Map<string, Json>();
const MAX_CACHED = 1000;

function parse(template: string): Json {
  let doc = parsed.get(template);
  if (doc === undefined) {
    if (template.length > MAX_TEMPLATE_CHARS) throw new TemplateError(`longer than ${MAX_TEMPLATE_CHARS} characters`);
    try {
      doc = JSON.parse(template) as Json;
    } catch (err) {
      throw new TemplateError(`not a JSON document: ${(err as Error).message}`);
    }
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(template, doc);
  }
  return doc;
}

/**
 * Quay's webhook body template: a JSON document (as a string) whose strings and keys may hold `${jsonpath}` expressions
 * over the event data. Returns the body text to send.
 */
export function renderTemplate(template: string, data: Record<string, unknown>): string {
  return JSON.stringify(apply(parse(template), data as Json));
}

/** Quay's check at creation: the template renders against `{}`. The problem, if any. */
export function templateProblem(template: unknown): string | undefined {
  if (typeof template !== 'string') return 'must be a JSON document in a string';
  try {
    renderTemplate(template, {});
    return undefined;
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
}
