// class-transformer ships this module's types under types/ but resolves it at runtime from cjs/ (as in libs/events).
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
