import { baseUrlSetting } from '@herald/plugin-sdk';

export interface HipchatSettings {
  /** Where the HipChat API v2 lives: a self-hosted server or a compatible receiver (api.hipchat.com is gone). */
  readonly baseUrl: string;
}

export const HIPCHAT_SETTINGS = Symbol('HIPCHAT_SETTINGS');

export function hipchatSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): HipchatSettings {
  return { baseUrl: baseUrlSetting(env, 'HERALD_HIPCHAT_BASE_URL', 'https://api.hipchat.com') };
}
