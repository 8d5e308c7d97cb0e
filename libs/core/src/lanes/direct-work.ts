import type { JsMsg } from '@nats-io/jetstream';
import type { HeldMessage, PinnedSession } from '@herald/transport';
import type { DeliveryMessage } from '../dispatch/delivery-message';
import type { LaneWork } from './lane-runner';

/** A delivery started in the instance that dispatched it, without a trip through HERALD_LANES. */
export interface DirectTicket {
  /** The lane may take its next delivery: this one's send concluded, or it went to the lane's stream. */
  readonly released: Promise<void>;
  /** Its event may be acked: the outcome is recorded, or the delivery is stored in its lane's stream. */
  readonly concluded: Promise<void>;
}

/**
 * Not yet: the lane is catching up with what this instance appended to it. Offer again once `wait` resolves; the
 * answer is then a ticket or undefined before long (see DirectLanes.offer).
 */
export interface DirectWait {
  readonly wait: Promise<void>;
}

/** What the local lane says to a delivery offered to it; undefined: go through the lane's stream. */
export type DirectAnswer = DirectTicket | DirectWait | undefined;

/** Offers a delivery to the local lane. */
export type DirectOffer = () => DirectAnswer;

/** What the lane runner tells a direct delivery besides settling it. */
export interface DirectControl {
  /** The send concluded and the lane moves on; its record may still be on its way. */
  release(): void;
}

/** Stores a delivery in its lane's stream (`work.delivery` as it stands: a retry, a throttled attempt). */
export type Spill = (delivery: DeliveryMessage) => Promise<void>;

/**
 * Wraps a direct delivery as lane work. Its "message" is the registry event's: acking it concludes the delivery, and
 * handing it back (a lost pin, a blocked lane, a retry) stores it in the lane's stream, where it keeps its place: the
 * dispatcher appends nothing else to a strict lane before this delivery is released.
 */
export function directWork(
  delivery: DeliveryMessage,
  event: HeldMessage,
  laneSession: PinnedSession,
  laneSubject: string,
  encode: (d: DeliveryMessage) => Uint8Array,
  spill: Spill,
): { work: LaneWork; ticket: DirectTicket } {
  let release!: () => void;
  let unreleased!: (err: unknown) => void;
  let conclude!: () => void;
  let fail!: (err: unknown) => void;
  const released = new Promise<void>((resolve, reject) => {
    release = resolve;
    unreleased = reject;
  });
  const concluded = new Promise<void>((resolve, reject) => {
    conclude = resolve;
    fail = reject;
  });
  // A spill that failed rejects both; whoever awaits only one of them must not see an unhandled rejection.
  released.catch(() => undefined);
  concluded.catch(() => undefined);
  let settled = false;
  let spilling = false;
  // Once it is being stored in the stream, the lane may move on only when it is stored (or gives up with it).
  const control = { release: () => (spilling ? undefined : release()) };
  const work: LaneWork = { delivery, held: undefined as unknown as HeldMessage, direct: control };
  const settle = (how: () => void) => {
    if (settled) return;
    settled = true;
    how();
  };
  // A dead letter made of it names the lane and carries the delivery, as one from the stream would.
  const msg = {
    subject: laneSubject,
    seq: event.msg.seq,
    headers: undefined,
    info: { deliveryCount: event.msg.info.deliveryCount },
    get data() {
      return encode(work.delivery);
    },
  } as unknown as JsMsg;
  work.held = {
    msg,
    session: laneSession,
    ack: () => settle(() => (release(), conclude())),
    term: () => settle(() => (release(), conclude())),
    nak: () =>
      settle(() => {
        spilling = true;
        spill(work.delivery).then(
          () => (release(), conclude()),
          // The lane's later deliveries must not be appended ahead of this one: they give up with it.
          (err: unknown) => (unreleased(err), fail(err)),
        );
      }),
  };
  return { work, ticket: { released, concluded } };
}

/** Where the dispatcher offers deliveries to this instance's own lanes (the action actors). */
export interface DirectEntry {
  offerDirect(delivery: DeliveryMessage, event: HeldMessage, spill: Spill): DirectAnswer;
}

export const DIRECT_ENTRY = Symbol('DIRECT_ENTRY');
