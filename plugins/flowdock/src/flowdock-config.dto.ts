import { IsNotEmpty, IsString } from 'class-validator';
import { SecretField } from '@herald/plugin-sdk';

export class FlowdockConfig {
  @IsString({ message: 'Missing Flowdock API Token' })
  @IsNotEmpty({ message: 'Missing Flowdock API Token' })
  @SecretField()
  flow_api_token!: string;
}
