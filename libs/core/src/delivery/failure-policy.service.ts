import { Inject, Injectable, Optional } from '@nestjs/common';
import type { NotificationSnapshot } from '@herald/plugin-sdk';
import { CORE_SETTINGS, CoreSettings } from '../core-settings';
import { DomainEventPublisher } from '../domain-events/domain-event.publisher';
import { NotificationDisabled, NotificationFailed, NotificationRecovered } from '../domain-events/notification.events';
import { NotificationRepository } from '../notification/notification.repository';
import { RoutingIndex } from '../routing/routing-index.service';
import { EngineEvents } from '../metrics/engine-events';
import { DisabledNotices } from '../inbox/disabled-notices.service';

const SYSTEM = 'herald';

/**
 * Quay's rule, told to everyone: each final failure counts, a success clears the count, and at the threshold the
 * notification is disabled (no more deliveries, pending retries dropped) with a NotificationDisabled event.
 */
@Injectable()
export class FailurePolicy {
  /** Per-notification chains: FerretDB's $inc is a read-modify-write, so concurrent ones in one process could collide. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly index: RoutingIndex,
    private readonly domainEvents: DomainEventPublisher,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
    @Optional() private readonly events?: EngineEvents,
    @Optional() private readonly notices?: DisabledNotices,
  ) {}

  failed(n: NotificationSnapshot, reason: string): Promise<void> {
    return this.serial(n.uuid, () => this.countFailure(n, reason));
  }

  succeeded(n: NotificationSnapshot): Promise<void> {
    // The index knows the count, so the usual success costs no write (and no wait).
    if (!this.index.failuresOf(n.uuid) && !this.chains.has(n.uuid)) return Promise.resolve();
    return this.serial(n.uuid, () => this.clear(n));
  }

  private serial(uuid: string, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(uuid) ?? Promise.resolve()).then(work);
    const tail = next.catch(() => undefined);
    this.chains.set(uuid, tail);
    void tail.then(() => {
      if (this.chains.get(uuid) === tail) this.chains.delete(uuid);
    });
    return next;
  }

  private async countFailure(n: NotificationSnapshot, reason: string): Promise<void> {
    const updated = await this.notifications.incrementFailures(n.uuid);
    if (!updated) return;
    const failures = updated.number_of_failures;
    const data = { failures, threshold: this.settings.failureThreshold, reason };
    // Exactly one instance sees the count cross the threshold, so the disable is announced once.
    const event =
      failures === this.settings.failureThreshold
        ? new NotificationDisabled(n.uuid, n.repository, SYSTEM, data)
        : new NotificationFailed(n.uuid, n.repository, SYSTEM, data);
    await this.domainEvents.publish(event);
    if (event instanceof NotificationDisabled) {
      this.events?.notificationDisabled(n.method);
      await this.notices?.disabled(updated, failures, reason);
    }
  }

  private async clear(n: NotificationSnapshot): Promise<void> {
    if (!this.index.failuresOf(n.uuid)) return;
    if (await this.notifications.clearFailures(n.uuid)) {
      await this.domainEvents.publish(new NotificationRecovered(n.uuid, n.repository, SYSTEM));
    }
  }
}
