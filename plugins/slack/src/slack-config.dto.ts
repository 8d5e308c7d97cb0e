import { IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { ConfigField, SecretField } from '@herald/plugin-sdk';

export class SlackConfig {
  // The format here; the https:// rule (which depends on HERALD_OUTBOUND_ALLOW) in the plugin's checkConfig.
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Invalid Slack Callback URL: an https:// address is required' },
  )
  @IsString({ message: 'Missing Slack Callback URL' })
  @IsNotEmpty({ message: 'Missing Slack Callback URL' })
  // The hook's token is its path (hooks.slack.com/services/T/B/token).
  @SecretField({ format: 'url' })
  @ConfigField({ title: 'Webhook URL', description: 'A Slack incoming webhook, https://hooks.slack.com/services/...' })
  url!: string;
}
