import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE, EventLevel } from '@herald/events';
import {
  ActionPlugin,
  baseUrlRefusals,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
  postForOutcome,
} from '@herald/plugin-sdk';
import { HipchatConfig } from './hipchat-config.dto';
import { HIPCHAT_SETTINGS, HipchatSettings } from './hipchat.settings';

/** Quay's room colours by level. */
const COLOURS: Record<EventLevel, string> = {
  info: 'gray',
  warning: 'yellow',
  error: 'red',
  success: 'green',
  primary: 'purple',
};

/** Quay's call: the room in the path, the token in the query. */
export function hipchatUrl(baseUrl: string, config: HipchatConfig): string {
  const room = encodeURIComponent(String(config.room_id));
  return `${baseUrl}/v2/room/${room}/notification?auth_token=${encodeURIComponent(config.notification_token)}`;
}

/** Quay's body, key order included; only an error pings the room (`notify`). */
export function hipchatBody(req: DeliveryRequest<HipchatConfig>): string {
  const event = EVENT_CATALOGUE[req.event];
  const level = event.level(req.payload);
  return JSON.stringify({
    color: COLOURS[level] ?? COLOURS.info,
    message: event.message(req.payload),
    notify: level === 'error',
    message_format: 'html',
  });
}

@Injectable()
@HeraldActionPlugin()
export class HipchatPlugin implements ActionPlugin<HipchatConfig> {
  readonly method = 'hipchat';
  readonly configClass = HipchatConfig;

  constructor(@Inject(HIPCHAT_SETTINGS) private readonly settings: HipchatSettings) {}

  checkConfig(): Promise<string[]> {
    return baseUrlRefusals('HERALD_HIPCHAT_BASE_URL', this.settings.baseUrl);
  }

  deliver(req: DeliveryRequest<HipchatConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const headers = { 'content-type': 'application/json', 'user-agent': 'Herald-Hipchat/1' };
    return postForOutcome(hipchatUrl(this.settings.baseUrl, req.notification.config), hipchatBody(req), headers, ctx);
  }
}
