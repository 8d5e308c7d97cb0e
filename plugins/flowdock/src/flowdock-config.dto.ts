import { IsNotEmpty, IsString } from 'class-validator';
import { ConfigField, SecretField } from '@herald/plugin-sdk';

export class FlowdockConfig {
  @IsString({ message: 'Missing Flowdock API Token' })
  @IsNotEmpty({ message: 'Missing Flowdock API Token' })
  @SecretField()
  @ConfigField({ title: 'Flow API token' })
  flow_api_token!: string;
}
