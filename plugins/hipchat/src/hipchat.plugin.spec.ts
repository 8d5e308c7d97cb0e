import { join } from 'node:path';
import { checkActionPluginContract, goldenRequestMismatches, validateConfig } from '@herald/plugin-sdk';
import { HipchatConfig } from './hipchat-config.dto';
import { HipchatPlugin } from './hipchat.plugin';
import { hipchatSettingsFromEnv } from './hipchat.settings';

/** The plugin with its base URL following the config the kits ask for (in production, HERALD_HIPCHAT_BASE_URL). */
function pluginAt(): { plugin: HipchatPlugin; configFor(baseUrl: string): HipchatConfig } {
  const settings = { baseUrl: '' };
  return {
    plugin: new HipchatPlugin(settings),
    configFor: (baseUrl) => {
      settings.baseUrl = baseUrl;
      return { room_id: '1234', notification_token: 'room-token-s3cr3t' };
    },
  };
}

describe('HipchatPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      ...pluginAt(),
      invalidConfigs: [
        { config: { notification_token: 't' }, field: 'room_id' },
        { config: { room_id: '', notification_token: 't' }, field: 'room_id' },
        { config: { room_id: 'general', notification_token: 't' }, field: 'room_id' },
        { config: { room_id: 0, notification_token: 't' }, field: 'room_id' },
        { config: { room_id: '12' }, field: 'notification_token' },
        { config: { room_id: 12, notification_token: '' }, field: 'notification_token' },
      ],
    });
    expect(problems).toEqual([]);
  });

  it("sends Quay's path, query and body for every event kind, byte for byte as the golden files", async () => {
    const problems = await goldenRequestMismatches({ ...pluginAt(), dir: join(__dirname, '..', 'golden') });
    expect(problems).toEqual([]);
  });

  it("gives Quay's messages for a missing room or token", () => {
    expect(validateConfig(HipchatConfig, {}).errors).toEqual([
      'config.room_id: Missing Hipchat Room ID',
      'config.notification_token: Missing Hipchat Room Notification Token',
    ]);
    expect(validateConfig(HipchatConfig, { room_id: 7, notification_token: 't' }).errors).toEqual([]);
  });

  it('reads its base URL from HERALD_HIPCHAT_BASE_URL, api.hipchat.com by default', () => {
    expect(hipchatSettingsFromEnv({}).baseUrl).toBe('https://api.hipchat.com');
    expect(hipchatSettingsFromEnv({ HERALD_HIPCHAT_BASE_URL: 'https://chat.corp.example/hc/' }).baseUrl).toBe(
      'https://chat.corp.example/hc',
    );
    expect(() => hipchatSettingsFromEnv({ HERALD_HIPCHAT_BASE_URL: 'chat.corp.example' })).toThrow(
      'HERALD_HIPCHAT_BASE_URL: "chat.corp.example" is not a URL',
    );
  });

  it('refuses a notification while the outbound policy refuses the base URL', async () => {
    const plugin = new HipchatPlugin({ baseUrl: 'http://169.254.169.254' });
    expect(await plugin.checkConfig()).toEqual([
      expect.stringMatching(/^config: HERALD_HIPCHAT_BASE_URL \(http:\/\/169\.254\.169\.254\) is refused/),
    ]);
  });
});
