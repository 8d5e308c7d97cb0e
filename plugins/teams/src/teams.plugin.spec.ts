import { checkActionPluginContract, validateConfig } from '@herald/plugin-sdk';
import { TeamsConfig } from './teams-config.dto';
import { TeamsPlugin } from './teams.plugin';

const WORKFLOW = '/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s3cret';

describe('TeamsPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      plugin: new TeamsPlugin(),
      configFor: (baseUrl) => ({ url: `${baseUrl}${WORKFLOW}` }),
      invalidConfigs: [
        { config: {}, field: 'url' },
        { config: { url: 'prod-00.westeurope.logic.azure.com/workflows/x' }, field: 'url' },
        { config: { url: ['https://x'] }, field: 'url' },
      ],
    });
    expect(problems).toEqual([]);
  });

  it('says which URL is missing or invalid', () => {
    expect(validateConfig(TeamsConfig, {}).errors).toEqual(['config.url: Missing Teams workflow URL']);
    expect(validateConfig(TeamsConfig, { url: 'mailto:ops@example.com' }).errors).toEqual([
      'config.url: Invalid Teams workflow URL: an http:// or https:// address is required',
    ]);
    expect(
      validateConfig(TeamsConfig, { url: `https://prod-00.westeurope.logic.azure.com:443${WORKFLOW}` }).errors,
    ).toEqual([]);
  });

  it('refuses at creation an address the outbound policy will never call', async () => {
    expect(await new TeamsPlugin().checkConfig({ url: `http://10.0.0.1${WORKFLOW}` })).toEqual([
      expect.stringMatching(/^config\.url: the outbound policy refuses this address: /),
    ]);
  });
});
