export * from './subjects.constants';
export * from './nats-connection.factory';
export * from './nats.client';
export * from './streams.provisioner';
export * from './semaphore';
export * from './jetstream.worker';
export * from './dead-letter.publisher';
export * from './transport.module';
