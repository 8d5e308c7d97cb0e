import { Module } from '@nestjs/common';
import { QuayNotificationPlugin } from './quay-notification.plugin';

// IN_APP_INBOX comes from the host (its core module is global).
@Module({ providers: [QuayNotificationPlugin], exports: [QuayNotificationPlugin] })
export class QuayNotificationPluginModule {}
