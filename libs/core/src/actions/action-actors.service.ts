import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { NatsClient } from '@herald/transport';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { FailurePolicy } from '../delivery/failure-policy.service';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import { DeliveryQueue } from '../dispatch/delivery-queue.service';
import { DomainEventPublisher } from '../domain-events/domain-event.publisher';
import { DeliveryHistory } from '../history/delivery-history.service';
import { RoutingIndex } from '../routing/routing-index.service';
import { ActionActor } from './action-actor';
import { ActionRegistry } from './action-registry.service';

/** Starts one actor per loaded plugin, hands them first attempts, and stops them all on shutdown. */
import { EmailAuthorizations } from '../email-authorization/email-authorizations.service';
@Injectable()
export class ActionActors implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly actors: ActionActor[] = [];
  private readonly byMethod = new Map<string, ActionActor>();

  constructor(
    private readonly registry: ActionRegistry,
    private readonly nats: NatsClient,
    private readonly index: RoutingIndex,
    private readonly queue: DeliveryQueue,
    private readonly history: DeliveryHistory,
    private readonly failures: FailurePolicy,
    private readonly domainEvents: DomainEventPublisher,
    private readonly emailAuthorizations: EmailAuthorizations,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.index.whenReady();
    for (const plugin of this.registry.all()) {
      const actor = new ActionActor(plugin, {
        nats: this.nats,
        settings: this.settings,
        index: this.index,
        queue: this.queue,
        history: this.history,
        failures: this.failures,
        domainEvents: this.domainEvents,
        emailAuthorizations: this.emailAuthorizations,
        respawn: () => this.registry.respawn(plugin.method),
      });
      await actor.start();
      this.actors.push(actor);
      this.byMethod.set(actor.method, actor);
    }
  }

  /**
   * Runs a first attempt in this process when its actor takes it, else stores it in HERALD_DELIVERIES (for an actor
   * here or on another instance). Settles once the attempt is concluded or stored: then the event may be acked.
   */
  async dispatch(d: DeliveryMessage, redelivered: boolean): Promise<'direct' | 'queued'> {
    const actor = this.byMethod.get(d.notification.method);
    const taken = actor?.offer(d, redelivered);
    if (taken) {
      await taken;
      return 'direct';
    }
    actor?.spill(d.notification.uuid);
    await this.queue.enqueue(d);
    return 'queued';
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.actors.map((a) => a.stop(this.settings.shutdownTimeoutMs)));
  }

  list(): readonly ActionActor[] {
    return this.actors;
  }
}
