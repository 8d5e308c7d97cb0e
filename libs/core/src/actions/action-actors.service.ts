import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsClient } from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { ActionActor } from './action-actor';
import { RoutingIndex } from '../routing/routing-index.service';
import { ActionRegistry } from './action-registry.service';

/** Starts one actor per loaded plugin and stops them all on shutdown. */
@Injectable()
export class ActionActors implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly actors: ActionActor[] = [];

  constructor(
    private readonly registry: ActionRegistry,
    private readonly nats: NatsClient,
    private readonly index: RoutingIndex,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.index.whenReady();
    for (const plugin of this.registry.all()) {
      const actor = new ActionActor(plugin, this.nats, this.settings, (uuid) => this.index.has(uuid));
      await actor.start();
      this.actors.push(actor);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.actors.map((a) => a.stop(this.settings.shutdownTimeoutMs)));
  }

  list(): readonly ActionActor[] {
    return this.actors;
  }
}
