export * from './json-schema';
export * from './config-field.decorator';
export * from './config-schema';
