import type { JsonSchema } from './api.types';

/** How a config field is entered, read off its JSON Schema. */
export type FieldKind = 'boolean' | 'number' | 'enum' | 'string-list' | 'string-map' | 'object' | 'json' | 'text';

/** The form's raw state: text as typed, booleans, and nested objects for nested fields. */
export type FormValues = { [key: string]: string | boolean | FormValues };

export function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

export function fieldKind(schema: JsonSchema): FieldKind {
  const type = typeOf(schema);
  if (schema.enum) return 'enum';
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'array') return 'string-list';
  if (type === 'object') {
    if (schema.properties) return 'object';
    const extra = (schema as { additionalProperties?: JsonSchema }).additionalProperties;
    return extra && typeof extra === 'object' && typeOf(extra) === 'string' ? 'string-map' : 'json';
  }
  return 'text';
}

/** The browser input type for a text field: a secret (writeOnly) is masked whatever its format. */
export function inputType(schema: JsonSchema): string {
  if (schema.writeOnly) return 'password';
  if (schema.format === 'uri' || schema.format === 'url') return 'url';
  if (schema.format === 'email') return 'email';
  return 'text';
}

/** Starting values: each field's default, blank otherwise. */
export function initialValues(schema: JsonSchema): FormValues {
  const out: FormValues = {};
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const kind = fieldKind(field);
    if (kind === 'object') out[key] = initialValues(field);
    else if (kind === 'boolean') out[key] = field.default === true;
    else if (kind === 'string-list' && Array.isArray(field.default)) out[key] = field.default.join('\n');
    else out[key] = field.default === undefined ? '' : String(field.default);
  }
  return out;
}

/** A value the person typed that cannot be what the field wants; `path` names the field as the form shows it. */
export class FieldInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * The config object to send: blank optional fields left out (so the plugin applies its defaults), numbers as numbers,
 * a list as one entry a line, a map as `Name: value` lines. The server still validates; this only shapes.
 */
export function toConfig(schema: JsonSchema, values: FormValues, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const path = prefix + key;
    const raw = values[key];
    const kind = fieldKind(field);
    if (kind === 'object') {
      const nested = toConfig(field, (raw as FormValues) ?? {}, `${path}.`);
      if (Object.keys(nested).length || required.has(key)) out[key] = nested;
      continue;
    }
    if (kind === 'boolean') {
      // An unticked optional box is "not set", so a plugin's default of true is not overridden by accident.
      if (raw === true || required.has(key) || field.default !== undefined) out[key] = raw === true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    out[key] = parseText(kind, field, text, path);
  }
  return out;
}

function parseText(kind: FieldKind, field: JsonSchema, text: string, path: string): unknown {
  switch (kind) {
    case 'number': {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new FieldInputError(path, 'must be a number');
      if (typeOf(field) === 'integer' && !Number.isInteger(n))
        throw new FieldInputError(path, 'must be a whole number');
      return n;
    }
    case 'enum': {
      // A select's value is text: give back the option itself, so a numeric enum stays a number.
      const option = (field.enum ?? []).find((o) => String(o) === text);
      if (option === undefined) throw new FieldInputError(path, `must be one of: ${(field.enum ?? []).join(', ')}`);
      return option;
    }
    case 'string-list':
      return lines(text);
    case 'string-map':
      return Object.fromEntries(
        lines(text).map((line) => {
          const colon = line.indexOf(':');
          if (colon <= 0) throw new FieldInputError(path, `"${line}" is not "Name: value"`);
          return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        }),
      );
    case 'json': {
      try {
        return JSON.parse(text);
      } catch {
        throw new FieldInputError(path, 'must be JSON');
      }
    }
    default:
      return text;
  }
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A field's label: its title, or its key made readable. */
export function labelOf(key: string, schema: JsonSchema): string {
  if (schema.title) return schema.title;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
