import { Module } from '@nestjs/common';
import { SlackPlugin } from './slack.plugin';

@Module({ providers: [SlackPlugin], exports: [SlackPlugin] })
export class SlackPluginModule {}
