export * from './outbound-policy';
export * from './forbidden-destination.error';
export { destinationRefusal, urlDestinationErrors } from './guarded-lookup';
export * from './safe-http.client';
export * from './deliver-json';
