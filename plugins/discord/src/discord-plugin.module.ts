import { Module } from '@nestjs/common';
import { DiscordPlugin } from './discord.plugin';

@Module({ providers: [DiscordPlugin], exports: [DiscordPlugin] })
export class DiscordPluginModule {}
