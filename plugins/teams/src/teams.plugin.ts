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
import { teamsMessage } from './teams-card';
import { TeamsConfig } from './teams-config.dto';

@Injectable()
@HeraldActionPlugin()
export class TeamsPlugin implements ActionPlugin<TeamsConfig> {
  readonly method = 'teams';
  readonly title = 'Microsoft Teams';
  readonly description = 'Posts a card describing the event to a Microsoft Teams incoming webhook';
  readonly configClass = TeamsConfig;

  checkConfig(config: TeamsConfig): Promise<string[]> {
    return urlDestinationErrors('url', config.url);
  }

  /** Workflows answer 202 Accepted; throttling (more than 4 posts a second) is a 429 with Retry-After. */
  deliver(req: DeliveryRequest<TeamsConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const message = teamsMessage(eventMessage(req.event, req.payload), { test: req.test });
    return deliverJson(req.notification.config.url, message, ctx, { userAgent: 'Herald-Teams/1' });
  }
}
