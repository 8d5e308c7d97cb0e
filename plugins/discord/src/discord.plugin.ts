import { Injectable } from '@nestjs/common';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  deliverJson,
  eventMessage,
  HeraldActionPlugin,
  urlDestinationErrors,
} from '@herald/plugin-sdk';
import { DiscordConfig } from './discord-config.dto';
import { discordMessage } from './discord-embed';
import { discordOutcome } from './discord-rate-limit';

@Injectable()
@HeraldActionPlugin()
export class DiscordPlugin implements ActionPlugin<DiscordConfig> {
  readonly method = 'discord';
  readonly title = 'Discord';
  readonly description = 'Posts an embed describing the event to a Discord webhook';
  readonly configClass = DiscordConfig;

  checkConfig(config: DiscordConfig): Promise<string[]> {
    return urlDestinationErrors('url', config.url);
  }

  deliver(req: DeliveryRequest<DiscordConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const message = discordMessage(eventMessage(req.event, req.payload), { test: req.test, at: new Date() });
    return deliverJson(req.notification.config.url, message, ctx, {
      userAgent: 'Herald-Discord/1',
      outcome: discordOutcome,
    });
  }
}
