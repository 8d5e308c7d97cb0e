import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE } from '@herald/events';
import { BaseUrlActionPlugin, BaseUrlRequest, DeliveryRequest, HeraldActionPlugin } from '@herald/plugin-sdk';
import { FlowdockConfig } from './flowdock-config.dto';
import { FLOWDOCK_SETTINGS, FlowdockSettings } from './flowdock.settings';

/** Quay's call: the flow's token is the last path segment. */
export function flowdockPath(config: FlowdockConfig): string {
  return `/v1/messages/team_inbox/${encodeURIComponent(config.flow_api_token)}`;
}

/** Quay's body, key order included; the namespace and name are the notification's repository, as Quay takes them. */
export function flowdockBody(req: DeliveryRequest<FlowdockConfig>, fromAddress: string): object {
  const event = EVENT_CATALOGUE[req.event];
  const [namespace, ...rest] = req.notification.repository.split('/');
  return {
    source: 'Quay',
    from_address: fromAddress,
    subject: event.summary(req.payload),
    content: event.message(req.payload),
    from_name: namespace,
    project: `${namespace} ${rest.join('/')}`,
    tags: [`#${req.event}`],
    link: req.payload.homepage,
  };
}

@Injectable()
@HeraldActionPlugin()
export class FlowdockPlugin extends BaseUrlActionPlugin<FlowdockConfig> {
  readonly method = 'flowdock';
  readonly title = 'Flowdock Team Notification';
  readonly description = "Posts the event to a Flowdock flow's team inbox";
  readonly configClass = FlowdockConfig;
  protected readonly baseUrlVariable = 'HERALD_FLOWDOCK_BASE_URL';
  protected readonly userAgent = 'Herald-Flowdock/1';

  constructor(@Inject(FLOWDOCK_SETTINGS) private readonly flowdock: FlowdockSettings) {
    super(flowdock);
  }

  protected render(req: DeliveryRequest<FlowdockConfig>): BaseUrlRequest {
    return { path: flowdockPath(req.notification.config), body: flowdockBody(req, this.flowdock.fromAddress) };
  }
}
