import { Module } from '@nestjs/common';
import { HipchatPlugin } from './hipchat.plugin';
import { HIPCHAT_SETTINGS, hipchatSettingsFromEnv } from './hipchat.settings';

@Module({
  providers: [{ provide: HIPCHAT_SETTINGS, useFactory: () => hipchatSettingsFromEnv() }, HipchatPlugin],
  exports: [HipchatPlugin],
})
export class HipchatPluginModule {}
