import { validateConfig } from '@herald/plugin-sdk';
import { SlackConfig } from './slack-config.dto';

describe('SlackConfig', () => {
  it.each([[{}], [{ url: '' }], [{ url: null }], [{ url: 42 }]])("reports %p as Quay's missing URL", (config) => {
    expect(validateConfig(SlackConfig, config).errors).toEqual(['config.url: Missing Slack Callback URL']);
  });

  it.each(['ftp://x', 'not a url', 'hooks.slack.com/services/T/B/x', 'https://'])('rejects %p', (url) => {
    expect(validateConfig(SlackConfig, { url }).errors).toEqual([
      'config.url: Invalid Slack Callback URL: an https:// address is required',
    ]);
  });

  it.each(['https://hooks.slack.com/services/T0/B0/abc', 'https://chat.example.com/hooks/xyz', 'http://127.0.0.1:9/h'])(
    'accepts the format of %p (the scheme rule is checkConfig)',
    (url) => {
      expect(validateConfig(SlackConfig, { url })).toEqual({ config: expect.any(SlackConfig), errors: [] });
    },
  );
});
