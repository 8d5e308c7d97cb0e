import { Module } from '@nestjs/common';
import { FlowdockPlugin } from './flowdock.plugin';
import { FLOWDOCK_SETTINGS, flowdockSettingsFromEnv } from './flowdock.settings';

@Module({
  providers: [{ provide: FLOWDOCK_SETTINGS, useFactory: () => flowdockSettingsFromEnv() }, FlowdockPlugin],
  exports: [FlowdockPlugin],
})
export class FlowdockPluginModule {}
