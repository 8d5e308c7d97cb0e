// class-transformer keeps its @Type metadata here and ships no typings for the CommonJS path it is loaded from.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
