import { IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { SecretField } from '@herald/plugin-sdk';

export class WebhookConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid".
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Invalid webhook URL: an http:// or https:// address is required' },
  )
  @IsString({ message: 'Missing webhook URL' })
  @IsNotEmpty({ message: 'Missing webhook URL' })
  // Receivers put tokens in the query, the userinfo or the path (Slack-style hooks).
  @SecretField({ format: 'url' })
  url!: string;
}
