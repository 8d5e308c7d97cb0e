export * from './outbound-policy';
export * from './forbidden-destination.error';
export { destinationRefusal, urlDestinationErrors } from './guarded-lookup';
export * from './safe-http.client';
export * from './https-only.policy';
export * from './deliver-json';
