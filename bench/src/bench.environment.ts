import mongoose from 'mongoose';
import { connect, JetStreamClient, JetStreamManager, nanos, NatsConnection, RetentionPolicy, StorageType } from 'nats';
import { LocalStack, resolveStackFromEnv, startLocalStack } from '@herald/local-stack';
import { HERALD_STREAM_NAMES } from '@herald/transport';
import { RAW_STREAM, RAW_SUBJECTS } from './raw.constants';

const STREAMS = [...HERALD_STREAM_NAMES, RAW_STREAM];

/** The servers of one run: started here unless HERALD_NATS_URL / HERALD_MONGODB_URI point elsewhere. */
export class BenchEnvironment {
  private readonly databases = new Set<mongoose.Connection>();

  private constructor(
    readonly natsUrl: string,
    readonly mongoUri: string,
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    private readonly stack?: LocalStack,
  ) {}

  get external(): { nats: boolean; mongo: boolean } {
    return { nats: !this.stack?.natsUrl, mongo: !this.stack?.mongoUri };
  }

  static async open(log: (m: string) => void): Promise<BenchEnvironment> {
    const fromEnv = resolveStackFromEnv();
    const stack =
      fromEnv.startNats || fromEnv.startMongo
        ? await startLocalStack({ nats: fromEnv.startNats, mongo: fromEnv.startMongo, log })
        : undefined;
    try {
      const natsUrl = (fromEnv.natsUrl ?? stack?.natsUrl) as string;
      const mongoUri = (fromEnv.mongoUri ?? stack?.mongoUri) as string;
      const nc = await connect({ servers: natsUrl, name: 'herald-bench' });
      return new BenchEnvironment(natsUrl, mongoUri, nc, nc.jetstream(), await nc.jetstreamManager(), stack);
    } catch (err) {
      await stack?.stop();
      throw err;
    }
  }

  /** Pids of the servers this run started (none when external), by name: their CPU time is part of a cost too. */
  serverPids(): Map<string, number> {
    return new Map((this.stack?.processes ?? []).map((p) => [p.name, p.pid]));
  }

  /** Deletes Herald's streams and the baseline's, so each scenario starts from an empty JetStream. */
  async resetStreams(): Promise<void> {
    for (const name of STREAMS) await this.jsm.streams.delete(name).catch(() => undefined);
  }

  /** The baseline's stream, configured like REGISTRY_EVENTS (file storage, limits, 10 min de-duplication). */
  async createRawStream(): Promise<void> {
    await this.jsm.streams.add({
      name: RAW_STREAM,
      subjects: [RAW_SUBJECTS],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: 1,
      duplicate_window: nanos(10 * 60 * 1000),
    });
  }

  /** A database of its own, dropped by close(). */
  async openDatabase(dbName: string): Promise<mongoose.Connection> {
    const db = await mongoose.createConnection(this.mongoUri, { dbName }).asPromise();
    await db.dropDatabase();
    this.databases.add(db);
    return db;
  }

  async dropDatabase(db: mongoose.Connection): Promise<void> {
    if (!this.databases.delete(db)) return;
    await db.dropDatabase().catch(() => undefined);
    await db.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const db of [...this.databases]) await this.dropDatabase(db);
    await this.resetStreams().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
    await this.stack?.stop();
  }
}
