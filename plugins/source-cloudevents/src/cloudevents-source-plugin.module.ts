import { Module } from '@nestjs/common';
import { CloudEventsSourcePlugin } from './cloudevents-source.plugin';

@Module({ providers: [CloudEventsSourcePlugin], exports: [CloudEventsSourcePlugin] })
export class CloudEventsSourcePluginModule {}
