export * from './action-plugin.contract';
export * from './loopback-target';
