import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ActionActors } from './actions/action-actors.service';
import { ActionRegistry } from './actions/action-registry.service';
import { CORE_SETTINGS, CoreSettings, DEFAULT_CORE_SETTINGS } from './core-settings';
import { EventDispatcher } from './dispatch/event-dispatcher.service';
import { NotificationRepository } from './notification/notification.repository';
import { Notification, NotificationSchema } from './notification/notification.schema';

/** Notifications, event dispatch and the action actors. Expects TransportModule and a Mongoose connection. */
@Module({})
export class CoreModule {
  static register(settings: Partial<CoreSettings> = {}): DynamicModule {
    return {
      module: CoreModule,
      imports: [DiscoveryModule, MongooseModule.forFeature([{ name: Notification.name, schema: NotificationSchema }])],
      providers: [
        { provide: CORE_SETTINGS, useValue: { ...DEFAULT_CORE_SETTINGS, ...settings } },
        NotificationRepository,
        EventDispatcher,
        ActionRegistry,
        ActionActors,
      ],
      exports: [NotificationRepository, EventDispatcher, ActionRegistry, ActionActors, CORE_SETTINGS],
    };
  }
}
