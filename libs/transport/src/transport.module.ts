import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { connectNats, NatsConnectionOptions } from './nats-connection.factory';
import { NatsClient } from './nats.client';
import { supportsAtomicBatches } from './pinned/atomic-batch.publisher';
import { connectPinned, supportsPinnedConsumers } from './pinned/pinned-connection.factory';
import { PinnedNatsClient } from './pinned/pinned-nats.client';
import { DEFAULT_STREAM_SETTINGS, provisionStreams, StreamSettings } from './streams.provisioner';

export interface TransportOptions extends NatsConnectionOptions {
  streams?: Partial<StreamSettings>;
}

const TRANSPORT_OPTIONS = Symbol('TRANSPORT_OPTIONS');

@Injectable()
class NatsClientCloser implements OnApplicationShutdown {
  constructor(
    @Inject(NatsClient) private readonly client: NatsClient,
    @Inject(PinnedNatsClient) private readonly pinned: PinnedNatsClient,
  ) {}

  // Runs after every module's onModuleDestroy, so workers have finished and their acks are flushed by drain().
  async onApplicationShutdown(): Promise<void> {
    await this.pinned.close();
    await this.client.close();
  }
}

@Global()
@Module({})
export class TransportModule {
  static forRoot(options: TransportOptions): DynamicModule {
    return {
      module: TransportModule,
      providers: [
        { provide: TRANSPORT_OPTIONS, useValue: options },
        {
          provide: NatsClient,
          inject: [TRANSPORT_OPTIONS],
          useFactory: async (opts: TransportOptions) => {
            const nc = await connectNats(opts);
            const version = nc.info?.version ?? '0.0.0';
            if (!supportsPinnedConsumers(version)) {
              await nc.close();
              throw new Error(
                `nats-server ${version} at ${nc.getServer()} is too old: Herald's delivery lanes need consumer priority ` +
                  'groups (pinned clients), available from nats-server 2.11. Upgrade the server, or unset HERALD_NATS_URL ' +
                  'to let Herald run its own.',
              );
            }
            const jsm = await nc.jetstreamManager();
            await provisionStreams(jsm, {
              ...DEFAULT_STREAM_SETTINGS,
              atomicLanes: supportsAtomicBatches(version),
              ...opts.streams,
            });
            new Logger('Transport').log(`connected to NATS at ${nc.getServer()}, streams ready`);
            return new NatsClient(nc, nc.jetstream(), jsm);
          },
        },
        {
          provide: PinnedNatsClient,
          inject: [TRANSPORT_OPTIONS, NatsClient],
          // After NatsClient: the streams are provisioned by then.
          useFactory: async (opts: TransportOptions) => PinnedNatsClient.open(await connectPinned(opts)),
        },
        NatsClientCloser,
      ],
      exports: [NatsClient, PinnedNatsClient],
    };
  }
}
