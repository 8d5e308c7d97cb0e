import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { ActionPlugin, HERALD_ACTION_PLUGIN, METHOD_NAME_PATTERN } from '@herald/plugin-sdk';

function isActionPlugin(instance: unknown): instance is ActionPlugin {
  const p = instance as Partial<ActionPlugin> | null;
  return !!p && typeof p.method === 'string' && typeof p.deliver === 'function' && typeof p.configClass === 'function';
}

/** Every action plugin the loaded modules provide, by method name. */
@Injectable()
export class ActionRegistry implements OnModuleInit {
  private readonly logger = new Logger(ActionRegistry.name);
  private readonly plugins = new Map<string, ActionPlugin>();
  private readonly types = new Map<string, Type<ActionPlugin>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      if (!type || !Reflect.getMetadata(HERALD_ACTION_PLUGIN, type)) continue;
      const instance: unknown = wrapper.instance;
      if (!isActionPlugin(instance)) {
        throw new Error(`${type.name} is marked @HeraldActionPlugin() but does not implement ActionPlugin`);
      }
      if (!METHOD_NAME_PATTERN.test(instance.method)) {
        throw new Error(`${type.name}: method "${instance.method}" must match ${METHOD_NAME_PATTERN}`);
      }
      const clash = this.plugins.get(instance.method);
      if (clash && clash !== instance) {
        throw new Error(`two plugins claim method "${instance.method}": ${clash.constructor.name} and ${type.name}`);
      }
      this.plugins.set(instance.method, instance);
      this.types.set(instance.method, type as Type<ActionPlugin>);
    }
    this.logger.log(`action plugins: ${[...this.plugins.keys()].sort().join(', ') || '(none)'}`);
  }

  get(method: string): ActionPlugin | undefined {
    return this.plugins.get(method);
  }

  /** A fresh instance with its dependencies injected, for the actor's supervisor. */
  async respawn(method: string): Promise<ActionPlugin> {
    const type = this.types.get(method);
    if (!type) throw new Error(`no plugin for method ${method}`);
    return this.moduleRef.create(type);
  }

  methods(): string[] {
    return [...this.plugins.keys()].sort();
  }

  all(): ActionPlugin[] {
    return [...this.plugins.values()];
  }
}
