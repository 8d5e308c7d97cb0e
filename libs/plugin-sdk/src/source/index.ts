export * from './source-plugin.interface';
export * from './herald-source-plugin.decorator';
export * from './source-event-id';
export * from './repo-push-merge';
export * from './source-template';
export * from './source-json';
export * from './source-repository';
export * from './vulnerability-counts';
