export * from './event-payloads.types';
export * from './registry-event.publisher';
