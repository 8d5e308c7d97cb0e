export * from './event-facts';
export * from './event-message';
export * from './truncate-text';
