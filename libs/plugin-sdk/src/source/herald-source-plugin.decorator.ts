import { SetMetadata } from '@nestjs/common';

export const HERALD_SOURCE_PLUGIN = 'herald:source-plugin';

/** Marks a provider as an event source so the host finds it, whichever module provides it. */
export const HeraldSourcePlugin = (): ClassDecorator => SetMetadata(HERALD_SOURCE_PLUGIN, true);
