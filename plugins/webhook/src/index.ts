import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { WebhookPluginModule } from './webhook-plugin.module';

export { WebhookConfig } from './webhook-config.dto';
export { WebhookPlugin } from './webhook.plugin';
export { WebhookPluginModule } from './webhook-plugin.module';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'webhook',
  module: WebhookPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
