import { Injectable } from '@nestjs/common';
import type { DeliveryStatus } from '../history/delivery-record.schema';

/** One recorded outcome of a delivery's attempt (or its cancellation). */
export interface DeliveryObservation {
  method: string;
  status: DeliveryStatus;
  /** When the registry published the event (JetStream's timestamp), for publish-to-delivery latency. */
  publishedAt?: number;
  test: boolean;
}

/**
 * What the engine tells whoever watches it (metrics): synchronous, cheap, never failing the work it reports on. The
 * engine only calls these; what they count is the watcher's business.
 */
export interface EngineObserver {
  /** An event handled: acked once its deliveries are in their lanes, or parked. */
  eventReceived(kind: string): void;
  eventDeadLettered(kind: string): void;
  /** Notifications an event matched (0 counts too: it says the event reached the dispatcher). */
  eventMatched(kind: string, notifications: number): void;
  /** A call to the plugin concluded, whatever its outcome, after this long. */
  attemptFinished(method: string, durationMs: number): void;
  deliveryOutcome(o: DeliveryObservation): void;
  /** A 429 absorbed by slowing the lane down. */
  throttled(method: string): void;
  /** This instance's final failure crossed the threshold: the notification is disabled. */
  notificationDisabled(method: string): void;
}

type Observers = Partial<EngineObserver>[];

function tell<K extends keyof EngineObserver>(
  observers: Observers,
  name: K,
  args: Parameters<EngineObserver[K]>,
): void {
  for (const o of observers) {
    try {
      (o[name] as ((...a: Parameters<EngineObserver[K]>) => void) | undefined)?.(...args);
    } catch {
      // A watcher's bug must not fail a delivery.
    }
  }
}

/** The engine's hub of observers; nothing watches by default. */
@Injectable()
export class EngineEvents implements EngineObserver {
  private readonly observers: Observers = [];

  observe(observer: Partial<EngineObserver>): void {
    this.observers.push(observer);
  }

  eventReceived(kind: string): void {
    tell(this.observers, 'eventReceived', [kind]);
  }
  eventDeadLettered(kind: string): void {
    tell(this.observers, 'eventDeadLettered', [kind]);
  }
  eventMatched(kind: string, notifications: number): void {
    tell(this.observers, 'eventMatched', [kind, notifications]);
  }
  attemptFinished(method: string, durationMs: number): void {
    tell(this.observers, 'attemptFinished', [method, durationMs]);
  }
  deliveryOutcome(o: DeliveryObservation): void {
    tell(this.observers, 'deliveryOutcome', [o]);
  }
  throttled(method: string): void {
    tell(this.observers, 'throttled', [method]);
  }
  notificationDisabled(method: string): void {
    tell(this.observers, 'notificationDisabled', [method]);
  }
}
