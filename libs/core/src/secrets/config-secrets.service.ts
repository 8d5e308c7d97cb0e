import { Inject, Injectable } from '@nestjs/common';
import { secretFieldsOf, SecretFieldInfo } from '@herald/plugin-sdk';
import { ActionRegistry } from '../actions/action-registry.service';
import { maskSecret } from './mask-secret';
import { SecretBox } from './secret-box';

export const SECRET_BOX = Symbol('SECRET_BOX');

type Config = Record<string, unknown>;

const isStringMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** A secret field holds a string, or a map of strings (a plugin's custom headers): each of its strings. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!isStringMap(value)) return [];
  return Object.values(value).filter((v): v is string => typeof v === 'string');
}

/** The value with `fn` applied to the string, or to each string of the map; anything else as it is. */
function eachSecret(value: unknown, fn: (s: string) => unknown): unknown {
  if (typeof value === 'string') return fn(value);
  if (!isStringMap(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? fn(v) : v]));
}

const holdsSealed = (value: unknown): boolean => stringsOf(value).some((v) => SecretBox.isSealed(v));

/**
 * The one place that knows which config fields are secret (as each plugin's config class declares them): sealed before
 * a config is stored, opened for delivery, masked for the API.
 */
@Injectable()
export class ConfigSecrets {
  constructor(
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly actions: ActionRegistry,
  ) {}

  get activeKeyId(): string {
    return this.box.activeKeyId;
  }

  private fields(method: string): SecretFieldInfo[] {
    const plugin = this.actions.get(method);
    return plugin ? secretFieldsOf(plugin.configClass) : [];
  }

  /** The config as stored: every declared secret sealed under the active key (opened first if sealed before). */
  seal(method: string, config: Config): Config {
    const out = { ...config };
    for (const { field } of this.fields(method)) {
      out[field] = eachSecret(out[field], (v) => (v === '' ? v : this.box.seal(this.box.open(v))));
    }
    return out;
  }

  /** The config as plugins use it: every sealed value opened, whichever field (or string map) holds it. */
  open(config: Config): Config {
    let out: Config | undefined;
    for (const [k, v] of Object.entries(config)) {
      if (!holdsSealed(v)) continue;
      out ??= { ...config };
      out[k] = eachSecret(v, (s) => this.box.open(s));
    }
    return out ?? config;
  }

  /** The config as the API shows it: declared secrets masked, and any other sealed value too. */
  mask(method: string, config: Config): Config {
    const out = this.open(config);
    const masked: Config = { ...out };
    const declared = this.fields(method);
    for (const { field, format } of declared) masked[field] = eachSecret(out[field], (v) => maskSecret(v, format));
    for (const [k, v] of Object.entries(config)) {
      if (holdsSealed(v) && !declared.some((d) => d.field === k)) {
        masked[k] = eachSecret(out[k], (s) => maskSecret(s, 'opaque'));
      }
    }
    return masked;
  }

  /**
   * The config as it may leave the database (the routing index's snapshot on NATS): every declared secret still in
   * clear (stored before encryption) sealed, the rest as stored; undefined when the method's plugin is not loaded, as
   * then nobody knows which of its fields are secret.
   */
  sealedForTransit(method: string, config: Config): Config | undefined {
    const plugin = this.actions.get(method);
    if (!plugin) return undefined;
    let out: Config | undefined;
    for (const { field } of secretFieldsOf(plugin.configClass)) {
      if (!stringsOf(config[field]).some((v) => v !== '' && !SecretBox.isSealed(v))) continue;
      out ??= { ...config };
      out[field] = eachSecret(config[field], (v) => (v === '' || SecretBox.isSealed(v) ? v : this.box.seal(v)));
    }
    return out ?? config;
  }

  /** The ids of the keys the config's sealed values are sealed under. */
  keyIdsOf(config: Config, into = new Set<string>()): Set<string> {
    for (const v of Object.values(config)) {
      for (const s of stringsOf(v)) {
        const id = SecretBox.keyIdOf(s);
        if (id !== undefined) into.add(id);
      }
    }
    return into;
  }

  /** Whether values sealed under this key id open here (HERALD_ENCRYPTION_KEYS still holds it). */
  canOpen(keyId: string): boolean {
    return this.box.hasKey(keyId);
  }

  /** Whether a stored config needs sealing again: a secret in clear, or sealed under another key than the active one. */
  needsReseal(method: string, config: Config): boolean {
    return this.fields(method).some(({ field }) =>
      stringsOf(config[field]).some((v) => v !== '' && SecretBox.keyIdOf(v) !== this.box.activeKeyId),
    );
  }
}
