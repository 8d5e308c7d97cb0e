import { Inject, Injectable } from '@nestjs/common';
import { secretFieldsOf, SecretFieldInfo } from '@herald/plugin-sdk';
import { ActionRegistry } from '../actions/action-registry.service';
import { maskSecret } from './mask-secret';
import { SecretBox } from './secret-box';

export const SECRET_BOX = Symbol('SECRET_BOX');

type Config = Record<string, unknown>;

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
      const v = out[field];
      if (typeof v === 'string' && v !== '') out[field] = this.box.seal(this.box.open(v));
    }
    return out;
  }

  /** The config as plugins use it: every sealed value opened, whichever field holds it. */
  open(config: Config): Config {
    let out: Config | undefined;
    for (const [k, v] of Object.entries(config)) {
      if (!SecretBox.isSealed(v)) continue;
      out ??= { ...config };
      out[k] = this.box.open(v);
    }
    return out ?? config;
  }

  /** The config as the API shows it: declared secrets masked, and any other sealed value too. */
  mask(method: string, config: Config): Config {
    const out = this.open(config);
    const masked: Config = { ...out };
    const declared = this.fields(method);
    for (const { field, format } of declared) masked[field] = maskSecret(out[field], format);
    for (const [k, v] of Object.entries(config)) {
      if (SecretBox.isSealed(v) && !declared.some((d) => d.field === k)) masked[k] = maskSecret(out[k], 'opaque');
    }
    return masked;
  }

  /** Whether a stored config needs sealing again: a secret in clear, or sealed under another key than the active one. */
  needsReseal(method: string, config: Config): boolean {
    return this.fields(method).some(({ field }) => {
      const v = config[field];
      return typeof v === 'string' && v !== '' && SecretBox.keyIdOf(v) !== this.box.activeKeyId;
    });
  }
}
