import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HERALD_SOURCE_PLUGIN, SOURCE_NAME_PATTERN, SourceContext, SourcePlugin } from '@herald/plugin-sdk';
import { sourceSettingsFromEnv } from './source-settings';
import { SOURCES_OPTIONS, SourcesOptions } from './sources.options';

function isSourcePlugin(instance: unknown): instance is SourcePlugin {
  const p = instance as Partial<SourcePlugin> | null;
  return !!p && typeof p.name === 'string' && typeof p.translate === 'function' && Array.isArray(p.mediaTypes);
}

export interface RegisteredSource {
  plugin: SourcePlugin;
  context: SourceContext;
}

/** Every event source the loaded plugin packages provide, by name, each with its settings from the environment. */
@Injectable()
export class SourceRegistry implements OnModuleInit {
  private readonly logger = new Logger(SourceRegistry.name);
  private readonly sources = new Map<string, RegisteredSource>();

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SOURCES_OPTIONS) private readonly options: SourcesOptions,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      if (!type || !Reflect.getMetadata(HERALD_SOURCE_PLUGIN, type)) continue;
      const instance: unknown = wrapper.instance;
      if (!isSourcePlugin(instance)) {
        throw new Error(`${type.name} is marked @HeraldSourcePlugin() but does not implement SourcePlugin`);
      }
      if (!SOURCE_NAME_PATTERN.test(instance.name)) {
        throw new Error(`${type.name}: source name "${instance.name}" must match ${SOURCE_NAME_PATTERN}`);
      }
      const clash = this.sources.get(instance.name)?.plugin;
      if (clash && clash !== instance) {
        throw new Error(`two plugins claim source "${instance.name}": ${clash.constructor.name} and ${type.name}`);
      }
      const settings = Object.freeze(sourceSettingsFromEnv(instance.name, this.options.env));
      this.sources.set(instance.name, { plugin: instance, context: { settings, publicUrl: this.options.publicUrl } });
    }
    this.logger.log(`event sources: ${this.names().join(', ') || '(none)'}`);
  }

  get(name: string): RegisteredSource | undefined {
    return this.sources.get(name);
  }

  all(): RegisteredSource[] {
    return this.names().map((name) => this.sources.get(name) as RegisteredSource);
  }

  names(): string[] {
    return [...this.sources.keys()].sort();
  }
}
