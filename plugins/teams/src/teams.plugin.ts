import { Injectable } from '@nestjs/common';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  eventMessage,
  HeraldActionPlugin,
  outcomeFromRequestError,
  outcomeFromResponse,
  safeRequest,
  urlDestinationErrors,
} from '@herald/plugin-sdk';
import { teamsMessage } from './teams-card';
import { TeamsConfig } from './teams-config.dto';

@Injectable()
@HeraldActionPlugin()
export class TeamsPlugin implements ActionPlugin<TeamsConfig> {
  readonly method = 'teams';
  readonly configClass = TeamsConfig;

  /** The outbound policy at creation too, so an admin learns at once that an address will never be called. */
  checkConfig(config: TeamsConfig): Promise<string[]> {
    return urlDestinationErrors('url', config.url);
  }

  async deliver(req: DeliveryRequest<TeamsConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const message = teamsMessage(eventMessage(req.event, req.payload), { test: req.test });
    try {
      const res = await safeRequest(req.notification.config.url, {
        body: JSON.stringify(message),
        // The charset is declared so the service never guesses the encoding (a guess of UTF-16 would double the size).
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Herald-Teams/1' },
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
      });
      // Workflows answer 202 Accepted; throttling (more than 4 posts a second) is a 429 with Retry-After.
      return outcomeFromResponse(res);
    } catch (err) {
      return outcomeFromRequestError(err, ctx.signal);
    }
  }
}
