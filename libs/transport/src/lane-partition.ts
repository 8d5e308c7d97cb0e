/**
 * The partition HERALD_LANES stores a lane's messages under, computed as nats-server's `partition(n, token)` subject
 * transform does (32-bit FNV-1a of the token, modulo n). An instance needs it to know whether it owns a lane without
 * asking the server; the actor checks it against every stored subject it receives (see DirectLanes.received in @herald/core).
 */
export function lanePartitionOf(notificationUuid: string, partitions: number): number {
  if (partitions <= 0) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < notificationUuid.length; i++) {
    h ^= notificationUuid.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}
