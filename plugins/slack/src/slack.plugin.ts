import { Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE, EventLevel } from '@herald/events';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
  deliverJson,
  httpsRefusal,
  urlDestinationErrors,
} from '@herald/plugin-sdk';
import { SlackConfig } from './slack-config.dto';
import { htmlToSlackMarkup } from './slack-markup.converter';

/** Quay's attachment colours: Slack's named ones, white for plain information. */
const COLOURS: Record<EventLevel, string> = {
  info: '#ffffff',
  warning: 'warning',
  error: 'danger',
  success: 'good',
  primary: 'good',
};

/** Quay's bot name: receivers and people filtering their channels know the messages by it. */
const USERNAME = 'quayiobot';

/** The body Quay posts, key order included: the summary as text, one attachment with the event's message. */
export function slackBody(req: DeliveryRequest<SlackConfig>): object {
  const event = EVENT_CATALOGUE[req.event];
  const summary = event.summary(req.payload);
  return {
    text: summary,
    username: USERNAME,
    attachments: [
      {
        fallback: summary,
        text: htmlToSlackMarkup(event.message(req.payload)),
        color: COLOURS[event.level(req.payload)] ?? COLOURS.info,
        mrkdwn_in: ['text'],
      },
    ],
  };
}

@Injectable()
@HeraldActionPlugin()
export class SlackPlugin implements ActionPlugin<SlackConfig> {
  readonly method = 'slack';
  readonly title = 'Slack Notification';
  readonly description = 'Posts the event to a Slack incoming webhook';
  readonly configClass = SlackConfig;

  /** Any https:// hook (Slack, Mattermost, Rocket.Chat), and the outbound policy, checked at creation. */
  async checkConfig(config: SlackConfig): Promise<string[]> {
    const scheme = httpsRefusal(config.url);
    if (scheme) return [`config.url: Invalid Slack Callback URL: ${scheme}`];
    return urlDestinationErrors('url', config.url);
  }

  deliver(req: DeliveryRequest<SlackConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    // Quay's content type, bare: receivers written for Quay see the request they know.
    const opts = { userAgent: 'Herald-Slack/1', httpsOnly: true, headers: { 'content-type': 'application/json' } };
    return deliverJson(req.notification.config.url, slackBody(req), ctx, opts);
  }
}
