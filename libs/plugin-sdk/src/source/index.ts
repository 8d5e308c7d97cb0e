export * from './source-plugin.interface';
export * from './herald-source-plugin.decorator';
