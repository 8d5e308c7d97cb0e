import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { secretFieldsOf } from '../secret-field.decorator';
import { configFieldOf } from './config-field.decorator';
import type { JsonSchema } from './json-schema';

type Rule = Pick<ValidationMetadata, 'type' | 'name' | 'constraints' | 'each'>;

/** What each class-validator rule says about a field's shape; rules not listed say nothing a form can use. */
const RULES: Record<string, (schema: JsonSchema, constraints: unknown[]) => void> = {
  isString: (s) => (s.type = 'string'),
  isBoolean: (s) => (s.type = 'boolean'),
  isInt: (s) => (s.type = 'integer'),
  isNumber: (s) => (s.type ??= 'number'),
  isNumberString: (s) => (s.type = 'string'),
  isObject: (s) => (s.type = 'object'),
  isUrl: (s) => {
    s.type = 'string';
    s.format = 'uri';
  },
  isEmail: (s) => {
    s.type = 'string';
    s.format = 'email';
  },
  isIn: (s, [values]) => (s.enum = [...(values as unknown[])]),
  equals: (s, [value]) => (s.enum = [value]),
  min: (s, [n]) => (s.minimum = n as number),
  max: (s, [n]) => (s.maximum = n as number),
  minLength: (s, [n]) => (s.minLength = n as number),
  maxLength: (s, [n]) => (s.maxLength = n as number),
  isLength: (s, [min, max]) => {
    if (typeof min === 'number' && min > 0) s.minLength = min;
    if (typeof max === 'number') s.maxLength = max;
  },
  isNotEmpty: (s) => {
    if (s.type === 'string' && !s.enum) s.minLength = Math.max(s.minLength ?? 0, 1);
  },
  matches: (s, [pattern]) => (s.pattern = pattern instanceof RegExp ? pattern.source : String(pattern)),
};

/** A field the client must leave out (a secret the plugin generates): no form shows it. */
const isGenerated = (rules: Rule[]) => rules.some((r) => r.name === 'isEmpty');
const isOptional = (rules: Rule[]) => rules.some((r) => r.type === ValidationTypes.CONDITIONAL_VALIDATION);

function nestedClass(configClass: object, field: string): object | undefined {
  const meta = defaultMetadataStorage.findTypeMetadata(configClass as new () => unknown, field);
  return meta?.typeFunction() as object | undefined;
}

function fieldSchema(configClass: object, field: string, rules: Rule[], depth: number): JsonSchema {
  let schema: JsonSchema = {};
  // `isNotEmpty` reads the type the others set, so it goes last.
  const ordered = [...rules].sort((a, b) => Number(a.name === 'isNotEmpty') - Number(b.name === 'isNotEmpty'));
  for (const rule of ordered) {
    if (rule.type === ValidationTypes.NESTED_VALIDATION) {
      const nested = nestedClass(configClass, field);
      if (nested && depth < 8) schema = { ...schema, ...objectSchema(nested, depth + 1) };
      continue;
    }
    if (rule.each) continue;
    const apply = rule.name ? RULES[rule.name] : undefined;
    apply?.(schema, rule.constraints ?? []);
  }
  if (rules.some((r) => r.name === 'isArray')) {
    const items: JsonSchema = {};
    for (const rule of rules.filter((r) => r.each)) if (rule.name) RULES[rule.name]?.(items, rule.constraints ?? []);
    schema = { ...schema, type: 'array', ...(Object.keys(items).length ? { items } : {}) };
    delete schema.minLength;
  }
  const info = configFieldOf(configClass, field);
  if (info?.title) schema.title = info.title;
  if (info?.description) schema.description = info.description;
  if (info?.default !== undefined) schema.default = info.default;
  return info?.schema ? { ...schema, ...info.schema } : schema;
}

function objectSchema(configClass: object, depth: number): JsonSchema {
  const all = getMetadataStorage().getTargetValidationMetadatas(configClass as () => void, '', true, false);
  const byField = new Map<string, Rule[]>();
  for (const m of all) byField.set(m.propertyName, [...(byField.get(m.propertyName) ?? []), m]);
  const secret = new Set(secretFieldsOf(configClass).map((s) => s.field));
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [field, rules] of byField) {
    if (isGenerated(rules)) continue;
    properties[field] = fieldSchema(configClass, field, rules, depth);
    if (secret.has(field)) properties[field].writeOnly = true;
    if (!isOptional(rules)) required.push(field);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

/**
 * The JSON Schema (draft-07) of a plugin's config class, read from its class-validator rules, @ConfigField titles and
 * @SecretField marks (`writeOnly`): what `GET /api/v1/methods` serves, so a form can be generated for any plugin.
 * Fields the client must leave out (`@IsEmpty`, generated secrets) are not in it; nested classes (`@ValidateNested`
 * with class-transformer's `@Type`) are inlined.
 */
export function configJsonSchema(configClass: object): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...objectSchema(configClass, 0) };
}
