import { Inject, Injectable } from '@nestjs/common';
import { EVENT_CATALOGUE } from '@herald/events';
import {
  ActionPlugin,
  baseUrlRefusals,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
  postForOutcome,
} from '@herald/plugin-sdk';
import { FlowdockConfig } from './flowdock-config.dto';
import { FLOWDOCK_SETTINGS, FlowdockSettings } from './flowdock.settings';

/** Quay's call: the flow's token is the last path segment. */
export function flowdockUrl(baseUrl: string, config: FlowdockConfig): string {
  return `${baseUrl}/v1/messages/team_inbox/${encodeURIComponent(config.flow_api_token)}`;
}

/** Quay's body, key order included; the namespace and name are the notification's repository, as Quay takes them. */
export function flowdockBody(req: DeliveryRequest<FlowdockConfig>, fromAddress: string): string {
  const event = EVENT_CATALOGUE[req.event];
  const [namespace, ...rest] = req.notification.repository.split('/');
  return JSON.stringify({
    source: 'Quay',
    from_address: fromAddress,
    subject: event.summary(req.payload),
    content: event.message(req.payload),
    from_name: namespace,
    project: `${namespace} ${rest.join('/')}`,
    tags: [`#${req.event}`],
    link: req.payload.homepage,
  });
}

@Injectable()
@HeraldActionPlugin()
export class FlowdockPlugin implements ActionPlugin<FlowdockConfig> {
  readonly method = 'flowdock';
  readonly configClass = FlowdockConfig;

  constructor(@Inject(FLOWDOCK_SETTINGS) private readonly settings: FlowdockSettings) {}

  checkConfig(): Promise<string[]> {
    return baseUrlRefusals('HERALD_FLOWDOCK_BASE_URL', this.settings.baseUrl);
  }

  deliver(req: DeliveryRequest<FlowdockConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const headers = { 'content-type': 'application/json', 'user-agent': 'Herald-Flowdock/1' };
    const body = flowdockBody(req, this.settings.fromAddress);
    return postForOutcome(flowdockUrl(this.settings.baseUrl, req.notification.config), body, headers, ctx);
  }
}
