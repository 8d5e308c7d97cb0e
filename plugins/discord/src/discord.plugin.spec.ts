import { checkActionPluginContract, validateConfig } from '@herald/plugin-sdk';
import { DiscordConfig } from './discord-config.dto';
import { DiscordPlugin } from './discord.plugin';

describe('DiscordPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      plugin: new DiscordPlugin(),
      configFor: (baseUrl) => ({ url: `${baseUrl}/api/webhooks/1/token` }),
      invalidConfigs: [
        { config: {}, field: 'url' },
        { config: { url: 'discord.com/api/webhooks/1/x' }, field: 'url' },
        { config: { url: 42 }, field: 'url' },
      ],
    });
    expect(problems).toEqual([]);
  });

  it('says which URL is missing or invalid', () => {
    expect(validateConfig(DiscordConfig, {}).errors).toEqual(['config.url: Missing Discord webhook URL']);
    expect(validateConfig(DiscordConfig, { url: 'ftp://x' }).errors).toEqual([
      'config.url: Invalid Discord webhook URL: an http:// or https:// address is required',
    ]);
  });

  it('refuses at creation an address the outbound policy will never call', async () => {
    const errors = await new DiscordPlugin().checkConfig({ url: 'http://169.254.169.254/api/webhooks/1/x' });
    expect(errors).toEqual([expect.stringMatching(/^config\.url: the outbound policy refuses this address: /)]);
    expect(await new DiscordPlugin().checkConfig({ url: 'https://8.8.8.8/api/webhooks/1/x' })).toEqual([]);
  });
});
