import { checkActionPluginContract } from '@herald/plugin-sdk';
import { WebhookPlugin } from './webhook.plugin';

describe('WebhookPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      plugin: new WebhookPlugin(),
      configFor: (baseUrl) => ({ url: `${baseUrl}/hook` }),
      invalidConfigs: [
        { config: {}, field: 'url' },
        { config: { url: 'ftp://example.com/x' }, field: 'url' },
        { config: { url: 42 }, field: 'url' },
      ],
    });
    expect(problems).toEqual([]);
  });
});
