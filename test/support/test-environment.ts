import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { startLocalStack } from '@herald/local-stack';
import { RegistryEventPublisher } from '@herald/publisher';
import { HERALD_STREAM_NAMES } from '@herald/transport';
import { TEST_JWT_SECRET } from './jwt.tokens';

/** The suite's key for config secrets at rest (a fixed one: tests read what Herald stored). */
export const TEST_ENCRYPTION_KEYS = `test:${Buffer.alloc(32, 7).toString('base64')}`;

export interface TestEnvironment {
  natsUrl: string;
  mongoUri: string;
  dbName: string;
  /** What a Herald process needs to run against this environment. */
  heraldEnv: Record<string, string>;
  nc: NatsConnection;
  publisher: RegistryEventPublisher;
  db: mongoose.Connection;
  close(): Promise<void>;
}

/**
 * A fresh NATS (or, with HERALD_NATS_URL, the external one emptied of Herald's streams) and a database of its own for
 * one test file.
 */
export async function openTestEnvironment(name: string): Promise<TestEnvironment> {
  const mongoUri = process.env.HERALD_TEST_MONGODB_URI;
  if (!mongoUri) throw new Error('HERALD_TEST_MONGODB_URI is unset: run the e2e tests through jest (globalSetup)');
  const external = process.env.HERALD_NATS_URL?.trim();
  const stack = external ? undefined : await startLocalStack({ nats: true, mongo: false });
  const natsUrl = external ?? (stack?.natsUrl as string);
  const nc = await connect({ servers: natsUrl, name: `test-${name}` });
  if (external) {
    const jsm = await nc.jetstreamManager();
    for (const s of HERALD_STREAM_NAMES) {
      await jsm.streams.delete(s).catch(() => undefined);
    }
  }
  const dbName = `herald_test_${name.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
  const db = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
  return {
    natsUrl,
    mongoUri,
    dbName,
    heraldEnv: {
      HERALD_NATS_URL: natsUrl,
      HERALD_MONGODB_URI: mongoUri,
      HERALD_MONGODB_DB: dbName,
      // The receivers the tests start listen on loopback, which the outbound policy refuses unless allowed.
      HERALD_OUTBOUND_ALLOW: '127.0.0.1',
      HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      // External servers need a JWT key to start.
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
    },
    nc,
    publisher: RegistryEventPublisher.fromConnection(nc),
    db,
    close: async () => {
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await nc.drain().catch(() => undefined);
      await stack?.stop();
    },
  };
}
