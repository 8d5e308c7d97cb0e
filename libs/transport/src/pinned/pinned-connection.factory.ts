import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { connectionOptions, NatsConnectionOptions } from '../nats-connection.factory';
import { serverVersionAtLeast } from '../server-version';

/**
 * The connection for pinned consumers. Consumer priority groups (one pinned client per consumer, failover when it
 * stops pulling) exist only in the @nats-io v3 client, so pinned workers get a connection of that client, alongside the
 * main one; both reconnect forever.
 */
export async function connectPinned(opts: NatsConnectionOptions): Promise<NatsConnection> {
  return connect(connectionOptions(opts, '-pinned'));
}

/** Pinned consumers need nats-server 2.11 or newer. */
export function supportsPinnedConsumers(serverVersion: string): boolean {
  return serverVersionAtLeast(serverVersion, 2, 11);
}
