import type { DynamicModule, Type } from '@nestjs/common';

/** What a plugin package exports under the name `heraldPlugin` for the host to load it. */
export interface HeraldPluginPackage {
  /** A human name for logs, e.g. "webhook". */
  name: string;
  module: Type<unknown> | DynamicModule;
  /** The Herald plugin API the package was written against; the host refuses majors it does not speak. */
  apiVersion: number;
}

export const PLUGIN_API_VERSION = 1;
