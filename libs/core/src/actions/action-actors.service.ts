import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HeldMessage, NatsClient, PinnedNatsClient } from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { FailurePolicy } from '../delivery/failure-policy.service';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import { DeliveryQueue } from '../dispatch/delivery-queue.service';
import type { DirectAnswer, DirectEntry, Spill } from '../lanes/direct-work';
import { LaneTraffic } from '../lanes/lane-traffic';
import { DomainEventPublisher } from '../domain-events/domain-event.publisher';
import { DeliveryHistory } from '../history/delivery-history.service';
import { EmailAuthorizations } from '../email-authorization/email-authorizations.service';
import { RoutingIndex } from '../routing/routing-index.service';
import { ActionActor } from './action-actor';
import { ActionRegistry } from './action-registry.service';
import { EngineEvents } from '../metrics/engine-events';

/** Starts one actor per loaded plugin, each working the lane partitions this instance is pinned to, and stops them all. */
@Injectable()
export class ActionActors implements OnApplicationBootstrap, OnModuleDestroy, DirectEntry {
  private readonly actors: ActionActor[] = [];
  private readonly byMethod = new Map<string, ActionActor>();

  constructor(
    private readonly registry: ActionRegistry,
    private readonly nats: NatsClient,
    private readonly pinned: PinnedNatsClient,
    private readonly index: RoutingIndex,
    private readonly queue: DeliveryQueue,
    private readonly history: DeliveryHistory,
    private readonly failures: FailurePolicy,
    private readonly domainEvents: DomainEventPublisher,
    private readonly emailAuthorizations: EmailAuthorizations,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
    private readonly events: EngineEvents,
    private readonly traffic: LaneTraffic,
  ) {}

  /** The dispatcher's way into this instance's own lanes (see DirectLanes.offer). */
  offerDirect(delivery: DeliveryMessage, event: HeldMessage, spill: Spill): DirectAnswer {
    if (!this.settings.directDeliveries) return undefined;
    return this.byMethod.get(delivery.notification.method)?.offerDirect(delivery, event, spill);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.index.whenReady();
    for (const plugin of this.registry.all()) {
      const actor = new ActionActor(plugin, {
        nats: this.nats,
        pinned: this.pinned,
        settings: this.settings,
        index: this.index,
        queue: this.queue,
        history: this.history,
        failures: this.failures,
        domainEvents: this.domainEvents,
        emailAuthorizations: this.emailAuthorizations,
        traffic: this.traffic,
        events: this.events,
        respawn: () => this.registry.respawn(plugin.method),
      });
      await actor.start();
      this.actors.push(actor);
      this.byMethod.set(actor.method, actor);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.actors.map((a) => a.stop(this.settings.shutdownTimeoutMs)));
  }

  list(): readonly ActionActor[] {
    return this.actors;
  }
}
