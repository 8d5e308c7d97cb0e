import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE, EventLevel } from '@herald/events';
import { BaseUrlActionPlugin, BaseUrlRequest, DeliveryRequest, HeraldActionPlugin } from '@herald/plugin-sdk';
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
export function hipchatPath(config: HipchatConfig): string {
  const room = encodeURIComponent(String(config.room_id));
  return `/v2/room/${room}/notification?auth_token=${encodeURIComponent(config.notification_token)}`;
}

/** Quay's body, key order included; only an error pings the room (`notify`). */
export function hipchatBody(req: DeliveryRequest<HipchatConfig>): object {
  const event = EVENT_CATALOGUE[req.event];
  const level = event.level(req.payload);
  return {
    color: COLOURS[level] ?? COLOURS.info,
    message: event.message(req.payload),
    notify: level === 'error',
    message_format: 'html',
  };
}

@Injectable()
@HeraldActionPlugin()
export class HipchatPlugin extends BaseUrlActionPlugin<HipchatConfig> {
  readonly method = 'hipchat';
  readonly title = 'HipChat Room Notification';
  readonly description = 'Posts the event to a HipChat room';
  readonly configClass = HipchatConfig;
  protected readonly baseUrlVariable = 'HERALD_HIPCHAT_BASE_URL';
  protected readonly userAgent = 'Herald-Hipchat/1';

  constructor(@Inject(HIPCHAT_SETTINGS) settings: HipchatSettings) {
    super(settings);
  }

  protected render(req: DeliveryRequest<HipchatConfig>): BaseUrlRequest {
    return { path: hipchatPath(req.notification.config), body: hipchatBody(req) };
  }
}
