import { join } from 'node:path';
import {
  checkActionPluginContract,
  configureOutboundPolicy,
  goldenRequestMismatches,
  outboundPolicy,
  parseOutboundPolicy,
} from '@herald/plugin-sdk';
import { SlackPlugin } from './slack.plugin';

describe('SlackPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      plugin: new SlackPlugin(),
      configFor: (baseUrl) => ({ url: `${baseUrl}/services/T000/B000/XXXX` }),
      invalidConfigs: [
        { config: {}, field: 'url' },
        { config: { url: '' }, field: 'url' },
        { config: { url: 'ftp://hooks.example.com/x' }, field: 'url' },
        { config: { url: 42 }, field: 'url' },
      ],
    });
    expect(problems).toEqual([]);
  });

  it("sends Quay's body for every event kind, byte for byte as the golden files", async () => {
    const problems = await goldenRequestMismatches({
      plugin: new SlackPlugin(),
      configFor: (baseUrl) => ({ url: `${baseUrl}/services/T000/B000/XXXX` }),
      dir: join(__dirname, '..', 'golden'),
    });
    expect(problems).toEqual([]);
  });

  describe('checkConfig: https:// only, plain http:// to hosts the operator listed', () => {
    let previous: ReturnType<typeof outboundPolicy>;
    beforeAll(() => {
      previous = configureOutboundPolicy(parseOutboundPolicy('127.0.0.1, mattermost.internal'));
    });
    afterAll(() => configureOutboundPolicy(previous));
    const plugin = new SlackPlugin();

    it.each([
      'https://93.184.215.14/hooks/abc',
      'https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hooks/abc',
      'http://127.0.0.1:8065/hooks/abc',
      'http://mattermost.internal/hooks/abc',
    ])('accepts %p', async (url) => {
      expect(await plugin.checkConfig({ url })).toEqual([]);
    });

    it.each(['http://93.184.215.14/hooks/abc', 'http://chat.example.com/hooks/abc'])(
      'refuses plain http to %p, naming the field',
      async (url) => {
        expect(await plugin.checkConfig({ url })).toEqual([
          'config.url: Invalid Slack Callback URL: an https:// address is required (plain http:// only to hosts listed in HERALD_OUTBOUND_ALLOW)',
        ]);
      },
    );

    it('refuses an https address the outbound policy refuses', async () => {
      const [error] = await plugin.checkConfig({ url: 'https://10.1.2.3/hooks/abc' });
      expect(error).toMatch(/^config\.url: the outbound policy refuses this address: 10\.1\.2\.3 is a private address/);
    });
  });
});
