/**
 * Appends deliveries to lanes in the order of their events. Publishes go out at once, in call order, on one connection,
 * which JetStream stores in that order; waiting for each ack before the next would cap a busy lane at one round trip
 * per event. If an append fails, every later append to that lane fails too until the failed one (its event redelivered)
 * is appended again, so a lost append is never overtaken by a later event's. (One already sent before the failure was
 * known is stored after it only when the failed one truly was not stored: NATS keeps a connection's messages in order,
 * and a publish whose ack was lost is de-duplicated when its event comes back.)
 */
export class LaneAppender {
  /** Lanes whose append of the event at this stream sequence failed and has not been made again yet. */
  private readonly blockedFrom = new Map<string, number>();

  constructor(private readonly publish: (subject: string, data: Uint8Array, msgID: string) => Promise<unknown>) {}

  /** Lanes waiting for a failed append to be made again. */
  get blocked(): number {
    return this.blockedFrom.size;
  }

  /** `order`: the event's stream sequence. */
  async append(subject: string, data: Uint8Array, msgID: string, order: number): Promise<void> {
    const blocked = this.blockedFrom.get(subject);
    if (blocked !== undefined && order > blocked) {
      throw new Error(`an earlier event for ${subject} is not in its lane yet`);
    }
    try {
      await this.publish(subject, data, msgID);
    } catch (err) {
      const now = this.blockedFrom.get(subject);
      this.blockedFrom.set(subject, Math.min(now ?? Infinity, order));
      throw err;
    }
    if (this.blockedFrom.get(subject) === order) this.blockedFrom.delete(subject);
  }
}
