export * from './delivery.types';
export * from './action-plugin.interface';
export * from './herald-action-plugin.decorator';
export * from './plugin-package.interface';
export * from './config-validation';
export * from './http-outcome';
export * from './request-error';
export * from './testing';
