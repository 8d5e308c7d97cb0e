import { SetMetadata } from '@nestjs/common';

export const HERALD_ACTION_PLUGIN = 'herald:action-plugin';

/** Marks a provider as an action plugin so the host finds it, whichever module provides it. */
export const HeraldActionPlugin = (): ClassDecorator => SetMetadata(HERALD_ACTION_PLUGIN, true);
