import { baseUrlSetting } from '@herald/plugin-sdk';

export interface FlowdockSettings {
  /** Where the team inbox API lives: a compatible receiver (api.flowdock.com is gone). */
  readonly baseUrl: string;
  /** `from_address` of every message: the registry's mail sender, as in Quay. */
  readonly fromAddress: string;
}

export const FLOWDOCK_SETTINGS = Symbol('FLOWDOCK_SETTINGS');

export function flowdockSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): FlowdockSettings {
  return {
    baseUrl: baseUrlSetting(env, 'HERALD_FLOWDOCK_BASE_URL', 'https://api.flowdock.com'),
    fromAddress: env.HERALD_FLOWDOCK_FROM_ADDRESS?.trim() || 'herald@localhost',
  };
}
