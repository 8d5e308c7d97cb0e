import { Injectable } from '@nestjs/common';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  eventMessage,
  HeraldActionPlugin,
  outcomeFromRequestError,
  safeRequest,
  urlDestinationErrors,
} from '@herald/plugin-sdk';
import { DiscordConfig } from './discord-config.dto';
import { discordMessage } from './discord-embed';
import { discordOutcome } from './discord-rate-limit';

@Injectable()
@HeraldActionPlugin()
export class DiscordPlugin implements ActionPlugin<DiscordConfig> {
  readonly method = 'discord';
  readonly configClass = DiscordConfig;

  /** The outbound policy at creation too, so an admin learns at once that an address will never be called. */
  checkConfig(config: DiscordConfig): Promise<string[]> {
    return urlDestinationErrors('url', config.url);
  }

  async deliver(req: DeliveryRequest<DiscordConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const message = discordMessage(eventMessage(req.event, req.payload), { test: req.test, at: new Date() });
    try {
      const res = await safeRequest(req.notification.config.url, {
        body: JSON.stringify(message),
        headers: { 'content-type': 'application/json', 'user-agent': 'Herald-Discord/1' },
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
      });
      return discordOutcome(res);
    } catch (err) {
      return outcomeFromRequestError(err, ctx.signal);
    }
  }
}
