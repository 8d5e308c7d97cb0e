import { HeraldPluginPackage, PLUGIN_API_VERSION } from '@herald/plugin-sdk';
import { EmailPluginModule } from './email-plugin.module';

export { EmailConfig } from './email-config.dto';
export { EmailPlugin } from './email.plugin';
export { EmailPluginModule } from './email-plugin.module';
export { smtpSettingsFromEnv } from './smtp-settings';
export type { SmtpSettings } from './smtp-settings';

export const heraldPlugin: HeraldPluginPackage = {
  name: 'email',
  module: EmailPluginModule,
  apiVersion: PLUGIN_API_VERSION,
};
