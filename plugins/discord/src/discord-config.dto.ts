import { IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { ConfigField, SecretField } from '@herald/plugin-sdk';

export class DiscordConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid". Any http(s) URL, not only discord.com:
  // proxies and Discord-compatible receivers exist.
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Invalid Discord webhook URL: an http:// or https:// address is required' },
  )
  @IsString({ message: 'Missing Discord webhook URL' })
  @IsNotEmpty({ message: 'Missing Discord webhook URL' })
  // https://discord.com/api/webhooks/<id>/<token>: the last segment is the token.
  @SecretField({ format: 'url' })
  @ConfigField({
    title: 'Discord webhook URL',
    description: 'Server settings, Integrations, Webhooks: Copy Webhook URL',
  })
  url!: string;
}
