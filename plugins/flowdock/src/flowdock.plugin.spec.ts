import { join } from 'node:path';
import { checkActionPluginContract, goldenRequestMismatches, validateConfig } from '@herald/plugin-sdk';
import { FlowdockConfig } from './flowdock-config.dto';
import { FlowdockPlugin } from './flowdock.plugin';
import { flowdockSettingsFromEnv } from './flowdock.settings';

/** The plugin with its base URL following the config the kits ask for (in production, HERALD_FLOWDOCK_BASE_URL). */
function pluginAt(): { plugin: FlowdockPlugin; configFor(baseUrl: string): FlowdockConfig } {
  const settings = { baseUrl: '', fromAddress: 'registry@example.com' };
  return {
    plugin: new FlowdockPlugin(settings),
    configFor: (baseUrl) => {
      settings.baseUrl = baseUrl;
      return { flow_api_token: 'flow-token-s3cr3t' };
    },
  };
}

describe('FlowdockPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      ...pluginAt(),
      invalidConfigs: [
        { config: {}, field: 'flow_api_token' },
        { config: { flow_api_token: '' }, field: 'flow_api_token' },
        { config: { flow_api_token: 5 }, field: 'flow_api_token' },
      ],
    });
    expect(problems).toEqual([]);
  });

  it("sends Quay's path and body for every event kind, byte for byte as the golden files", async () => {
    const problems = await goldenRequestMismatches({ ...pluginAt(), dir: join(__dirname, '..', 'golden') });
    expect(problems).toEqual([]);
  });

  it("gives Quay's message for a missing token", () => {
    expect(validateConfig(FlowdockConfig, {}).errors).toEqual(['config.flow_api_token: Missing Flowdock API Token']);
  });

  it('reads its base URL and sender from the environment', () => {
    expect(flowdockSettingsFromEnv({})).toEqual({
      baseUrl: 'https://api.flowdock.com',
      fromAddress: 'herald@localhost',
    });
    expect(
      flowdockSettingsFromEnv({
        HERALD_FLOWDOCK_BASE_URL: 'http://inbox.internal:8080',
        HERALD_FLOWDOCK_FROM_ADDRESS: 'registry@corp.example',
      }),
    ).toEqual({ baseUrl: 'http://inbox.internal:8080', fromAddress: 'registry@corp.example' });
    expect(() => flowdockSettingsFromEnv({ HERALD_FLOWDOCK_BASE_URL: 'ftp://x' })).toThrow('is not http(s)');
  });
});
