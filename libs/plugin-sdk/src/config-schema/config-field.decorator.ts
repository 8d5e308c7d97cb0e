import type { JsonSchema } from './json-schema';

/** What a config field says about itself to people (the console's form) beyond its validation rules. */
export interface ConfigFieldInfo {
  title?: string;
  description?: string;
  default?: unknown;
  /** Merged over the generated schema: for a field whose rules say nothing of its shape (a custom validator). */
  schema?: JsonSchema;
}

const declared = new WeakMap<object, Map<string, ConfigFieldInfo>>();

/**
 * Titles a config field for `GET /api/v1/methods` (and so the console's form): `@ConfigField({ title: 'Webhook URL',
 * description: '...' })`. Purely descriptive; validation stays with the class-validator decorators.
 */
export function ConfigField(info: ConfigFieldInfo): PropertyDecorator {
  return (target, key) => {
    const own = declared.get(target.constructor) ?? new Map<string, ConfigFieldInfo>();
    own.set(String(key), { ...own.get(String(key)), ...info });
    declared.set(target.constructor, own);
  };
}

/** The field's ConfigField info, inherited ones included (the subclass's win). */
export function configFieldOf(configClass: object, field: string): ConfigFieldInfo | undefined {
  const chain: ConfigFieldInfo[] = [];
  for (let c: unknown = configClass; typeof c === 'function' && c !== Function.prototype;) {
    const info = declared.get(c)?.get(field);
    if (info) chain.unshift(info);
    c = Object.getPrototypeOf(c);
  }
  return chain.length ? Object.assign({}, ...chain) : undefined;
}
