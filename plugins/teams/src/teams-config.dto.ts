import { IsNotEmpty, IsString, IsUrl } from 'class-validator';
import { ConfigField, SecretField } from '@herald/plugin-sdk';

export class TeamsConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid". Any http(s) URL: workflow URLs live on
  // several Microsoft hosts (logic.azure.com, *.api.powerplatform.com), and relays exist.
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Invalid Teams workflow URL: an http:// or https:// address is required' },
  )
  @IsString({ message: 'Missing Teams workflow URL' })
  @IsNotEmpty({ message: 'Missing Teams workflow URL' })
  // The workflow's signature (`sig=`) is in the query: the URL is the credential.
  @SecretField({ format: 'url' })
  @ConfigField({
    title: 'Incoming webhook URL',
    description: "The Teams channel's incoming webhook (or Workflows) URL",
  })
  url!: string;
}
