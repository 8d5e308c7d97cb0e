import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { DiscordPluginModule } from './discord-plugin.module';

export { DiscordConfig } from './discord-config.dto';
export { DiscordPlugin } from './discord.plugin';
export { DiscordPluginModule } from './discord-plugin.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'discord',
  module: DiscordPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
