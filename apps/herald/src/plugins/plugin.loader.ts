import * as path from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';

export interface LoadedPlugin {
  spec: string;
  name: string;
  module: Type<unknown> | DynamicModule;
}

export interface PluginLoadFailure {
  spec: string;
  error: string;
}

function isPluginPackage(value: unknown): value is HeraldPluginPackage {
  const v = value as Partial<HeraldPluginPackage> | undefined;
  return !!v && typeof v.name === 'string' && typeof v.apiVersion === 'number' && !!v.module;
}

/** A spec is a package name, or a path (absolute, or starting with ".") resolved against cwd. */
export function resolveSpec(spec: string, cwd: string): string {
  return spec.startsWith('.') || path.isAbsolute(spec) ? path.resolve(cwd, spec) : spec;
}

/**
 * Loads plugin packages by name or path. Each must export `heraldPlugin` (see @herald/plugin-sdk). A package that fails
 * is reported and skipped, so one broken plugin never takes the others down.
 */
export async function loadPlugins(
  specs: string[],
  cwd = process.cwd(),
): Promise<{ loaded: LoadedPlugin[]; failed: PluginLoadFailure[] }> {
  const loaded: LoadedPlugin[] = [];
  const failed: PluginLoadFailure[] = [];
  for (const spec of specs) {
    try {
      const exports = (await import(resolveSpec(spec, cwd))) as {
        heraldPlugin?: unknown;
        default?: { heraldPlugin?: unknown };
      };
      const pkg = exports.heraldPlugin ?? exports.default?.heraldPlugin;
      if (!isPluginPackage(pkg)) throw new Error('it does not export `heraldPlugin` ({ name, module, apiVersion })');
      if (pkg.apiVersion !== PLUGIN_API_VERSION) {
        throw new Error(`it targets plugin API ${pkg.apiVersion}; this host speaks ${PLUGIN_API_VERSION}`);
      }
      loaded.push({ spec, name: pkg.name, module: pkg.module });
    } catch (err) {
      failed.push({ spec, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { loaded, failed };
}
