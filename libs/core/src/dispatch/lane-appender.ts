/**
 * Appends deliveries to lanes in the order of their events. Publishes to one lane are chained, each sent once the one
 * before it is stored: if one fails, the ones after it fail too (their events go back to JetStream behind it), so a
 * failed append can never be overtaken by a later event's. Different lanes append in parallel.
 */
export class LaneAppender {
  private readonly lanes = new Map<string, { tail: Promise<void>; blockedFrom?: number }>();

  constructor(private readonly publish: (subject: string, data: Uint8Array, msgID: string) => Promise<unknown>) {}

  get size(): number {
    return this.lanes.size;
  }

  /** `order`: the event's stream sequence. */
  append(subject: string, data: Uint8Array, msgID: string, order: number): Promise<void> {
    let lane = this.lanes.get(subject);
    if (!lane) {
      lane = { tail: Promise.resolve() };
      this.lanes.set(subject, lane);
    }
    const state = lane;
    const blocked = () => state.blockedFrom !== undefined && order > state.blockedFrom;
    if (blocked()) return Promise.reject(new Error(`an earlier event for ${subject} is not in its lane yet`));
    const appended = state.tail.then(async () => {
      if (blocked()) throw new Error(`an earlier event for ${subject} is not in its lane yet`);
      try {
        await this.publish(subject, data, msgID);
      } catch (err) {
        state.blockedFrom = Math.min(state.blockedFrom ?? Infinity, order);
        throw err;
      }
      if (state.blockedFrom === order) state.blockedFrom = undefined;
    });
    const tail = appended.catch(() => undefined);
    state.tail = tail;
    void tail.then(() => {
      // Forget idle lanes, so the map holds only lanes with appends in flight or a failure to wait out.
      if (state.tail === tail && state.blockedFrom === undefined) this.lanes.delete(subject);
    });
    return appended;
  }
}
