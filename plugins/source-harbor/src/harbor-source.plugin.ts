import { Injectable } from '@nestjs/common';
import {
  HeraldSourcePlugin,
  SourceContext,
  SourceEvent,
  SourcePlugin,
  SourceRequest,
  SourceTranslation,
  mergeRepoPushes,
  AggregatingSourcePlugin,
} from '@herald/plugin-sdk';
import { translateHarborPush } from './harbor-push.mapping';
import { translateHarborScan } from './harbor-scan.mapping';
import { readHarborWebhook } from './harbor-webhook.shape';

/** Why each Harbor type that is no catalogue event is skipped (counted under its type, never an error). */
export const HARBOR_SKIPPED: Readonly<Record<string, string>> = {
  SCANNING_FAILED: 'scan failed',
  SCANNING_STOPPED: 'scan stopped',
  PULL_ARTIFACT: 'pulls are not catalogue events',
  DELETE_ARTIFACT: 'deletions are not catalogue events',
  QUOTA_EXCEED: 'quota events are not catalogue events',
  QUOTA_WARNING: 'quota events are not catalogue events',
  REPLICATION: 'replication events are not catalogue events',
  TAG_RETENTION: 'retention events are not catalogue events',
};

/** Harbor's webhooks in its "Default" payload format (not "CloudEvents"; Harbor's own, JSON). */
@Injectable()
@HeraldSourcePlugin()
export class HarborSourcePlugin implements SourcePlugin, AggregatingSourcePlugin {
  readonly name = 'harbor';
  readonly description = "Harbor's project webhooks (Default payload format): pushes and vulnerability scans";
  readonly mediaTypes = ['application/json'] as const;

  translate(request: SourceRequest, context: SourceContext): SourceTranslation {
    const hook = readHarborWebhook(request.body);
    switch (hook.type) {
      case 'PUSH_ARTIFACT':
        return translateHarborPush(hook, context);
      case 'SCANNING_COMPLETED':
        return translateHarborScan(hook, context);
      default:
        return {
          events: [],
          skipped: [{ type: hook.type, reason: HARBOR_SKIPPED[hook.type] ?? 'no catalogue event for this type' }],
        };
    }
  }

  merge(events: readonly SourceEvent[]): SourceEvent {
    return mergeRepoPushes(events);
  }
}
