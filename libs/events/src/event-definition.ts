import { EventKind } from './event-kind';

/** How urgent an event looks to people: drives Slack/HipChat colours and e-mail styling, as in Quay. */
export type EventLevel = 'info' | 'warning' | 'error' | 'success' | 'primary';

/**
 * Everything Herald knows about one event kind.
 *
 * `level` and `summary` expect a payload that `validateEvent` accepted for this kind. They are declared as methods
 * on purpose: method parameters are bivariant, so a definition typed for its own payload class still fits the
 * catalogue's generic `EventDefinition`, which callers feed with the plain validated payload.
 */
export interface EventDefinition<P extends object = Record<string, unknown>> {
  readonly kind: EventKind;
  /** Human title, as Quay's UI shows it. */
  readonly title: string;
  readonly payloadClass: new () => P;
  /** The payload of Quay's documentation, used for test notifications; deeply frozen, clone it before changing it. */
  readonly sample: Readonly<P>;
  level(payload: P): EventLevel;
  /** One line used as e-mail subject and chat text. */
  summary(payload: P): string;
  /** Quay's "message": one line of HTML describing the event (every value escaped; only <a>, <b>, <i>, <br>). */
  message(payload: P): string;
}
