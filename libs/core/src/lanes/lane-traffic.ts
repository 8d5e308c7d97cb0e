import { Injectable } from '@nestjs/common';

/**
 * Appends this instance made to lanes whose messages its lane workers have not received yet. A lane with one of them
 * has something in HERALD_LANES that a delivery started here directly could overtake, so it takes the stream too (see
 * DirectLanes.offer). Appends that another instance received (its partition's owner then) stay listed until
 * this instance owns the partition and finds nothing of it left in the stream (`clear`).
 */
@Injectable()
export class LaneTraffic {
  /** Lane (notification uuid) → message ids appended and not yet received here, each with its append's number. */
  private readonly unreceived = new Map<string, Map<string, Appended>>();
  private readonly inFlight = new Map<string, number>();
  private appends = 0;

  /** An append to the lane is about to be published. */
  appending(uuid: string, msgID: string): void {
    let ids = this.unreceived.get(uuid);
    if (!ids) this.unreceived.set(uuid, (ids = new Map()));
    ids.set(msgID, { n: this.appends++, at: Date.now() });
    this.inFlight.set(uuid, (this.inFlight.get(uuid) ?? 0) + 1);
  }

  /**
   * Its publish concluded, stored or not: one that gave up may still have been stored (its answer lost), so it stays
   * listed until received or cleared.
   */
  appended(uuid: string): void {
    const n = (this.inFlight.get(uuid) ?? 1) - 1;
    if (n > 0) this.inFlight.set(uuid, n);
    else this.inFlight.delete(uuid);
  }

  /** Lists the appends while `publish` runs, and as unreceived after it (see `appended`). */
  async track<T>(appends: { uuid: string; msgID: string }[], publish: () => Promise<T>): Promise<T> {
    for (const a of appends) this.appending(a.uuid, a.msgID);
    try {
      return await publish();
    } finally {
      for (const a of appends) this.appended(a.uuid);
    }
  }

  /** A mark to pass to `clear`: appends made after it are kept. */
  mark(): number {
    return this.appends;
  }

  /** A lane worker here received the message. */
  received(uuid: string, msgID: string | undefined): void {
    const ids = this.unreceived.get(uuid);
    if (!ids || msgID === undefined) return;
    ids.delete(msgID);
    if (ids.size === 0) this.unreceived.delete(uuid);
  }

  /** Something appended to the lane may still wait in the stream. */
  pending(uuid: string): boolean {
    return this.unreceived.has(uuid);
  }

  /** How many of the lane's appends may still wait in the stream. */
  count(uuid: string): number {
    return this.unreceived.get(uuid)?.size ?? 0;
  }

  /** When the lane's oldest unreceived append was made (for deciding to check the stream again), or undefined. */
  oldestPending(uuid: string): number | undefined {
    // A Map iterates in insertion order: its first entry is the oldest left.
    return this.unreceived.get(uuid)?.values().next().value?.at;
  }

  /** Appends of any lane in the set still being published (whose outcome a check of the stream could miss). */
  publishing(inLane: (uuid: string) => boolean): boolean {
    for (const uuid of this.inFlight.keys()) if (inLane(uuid)) return true;
    return false;
  }

  /**
   * The server showed nothing of these lanes left in the stream after `mark` was taken (and none of their appends was
   * being published then): what was listed for them before it was received elsewhere, or never stored.
   */
  clear(inLane: (uuid: string) => boolean, mark: number): void {
    for (const [uuid, ids] of this.unreceived) {
      if (!inLane(uuid)) continue;
      for (const [id, a] of ids) if (a.n < mark) ids.delete(id);
      if (ids.size === 0) this.unreceived.delete(uuid);
    }
  }
}

interface Appended {
  n: number;
  at: number;
}
