export * from './in-app-inbox';
