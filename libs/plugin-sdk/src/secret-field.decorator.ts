/**
 * How a secret is shown once masked: `url` keeps the scheme, host and all but the last path segment
 * (`https://hooks.slack.com/services/T0/B0/***`), so admins can still tell targets apart; `opaque` shows nothing.
 */
export type SecretFormat = 'url' | 'opaque';

export interface SecretFieldInfo {
  field: string;
  format: SecretFormat;
}

const declared = new WeakMap<object, SecretFieldInfo[]>();

/**
 * Marks a config field as a secret: the host encrypts it at rest, masks it in the API, and redacts it from logs and
 * the delivery history. The plugin itself always sees the plain value.
 */
export function SecretField(opts: { format?: SecretFormat } = {}): PropertyDecorator {
  return (target, key) => {
    const own = declared.get(target.constructor) ?? [];
    declared.set(target.constructor, [...own, { field: String(key), format: opts.format ?? 'opaque' }]);
  };
}

/** The secret fields of a plugin's config class, including those it inherits. */
export function secretFieldsOf(configClass: object): SecretFieldInfo[] {
  const out: SecretFieldInfo[] = [];
  for (let c: unknown = configClass; typeof c === 'function' && c !== Function.prototype;) {
    out.push(...(declared.get(c) ?? []));
    c = Object.getPrototypeOf(c);
  }
  return out;
}
