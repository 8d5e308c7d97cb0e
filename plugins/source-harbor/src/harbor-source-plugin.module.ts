import { Module } from '@nestjs/common';
import { HarborSourcePlugin } from './harbor-source.plugin';

@Module({ providers: [HarborSourcePlugin], exports: [HarborSourcePlugin] })
export class HarborSourcePluginModule {}
