import { Module } from '@nestjs/common';
import { TeamsPlugin } from './teams.plugin';

@Module({ providers: [TeamsPlugin], exports: [TeamsPlugin] })
export class TeamsPluginModule {}
