export * from './action-plugin.contract';
export * from './loopback-target';
export * from './recording-target';
export * from './golden-requests';
export * from './source-plugin.contract';
