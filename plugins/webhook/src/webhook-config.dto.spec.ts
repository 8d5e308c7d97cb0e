import { validateConfig } from '@herald/plugin-sdk';
import { WebhookConfig } from './webhook-config.dto';

const MISSING = 'config.url: Missing webhook URL';
const INVALID = 'config.url: Invalid webhook URL: an http:// or https:// address is required';

describe('WebhookConfig', () => {
  it('reports a missing url', () => {
    const { config, errors } = validateConfig(WebhookConfig, {});
    expect(config).toBeUndefined();
    expect(errors).toContain(MISSING);
  });

  it.each([[''], [null], [42]])('reports the url %p as missing', (url) => {
    expect(validateConfig(WebhookConfig, { url }).errors).toContain(MISSING);
  });

  it.each(['ftp://x', 'not a url', 'ci.example.com/hook', 'mailto:ops@example.com', 'https://', 'javascript:alert(1)'])(
    'rejects %p as an invalid webhook URL',
    (url) => {
      const { config, errors } = validateConfig(WebhookConfig, { url });
      expect(config).toBeUndefined();
      expect(errors).toEqual([INVALID]);
    },
  );

  it.each([
    'http://127.0.0.1:8080/hook',
    'https://ci.example.com/x',
    'http://localhost/hook',
    'https://hooks.example.com/services/T0/B0/abc?x=1',
    'http://receiver:9000',
  ])('accepts %p', (url) => {
    const { config, errors } = validateConfig(WebhookConfig, { url });
    expect(errors).toEqual([]);
    expect(config).toBeInstanceOf(WebhookConfig);
    expect(config?.url).toBe(url);
  });

  it('rejects a config that is not an object', () => {
    expect(validateConfig(WebhookConfig, 'https://ci.example.com/x').errors).toEqual(['config must be a JSON object']);
  });
});
