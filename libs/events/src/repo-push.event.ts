import { EventDefinition } from './event-definition';
import { RepoPushPayload } from './repo-push.payload';
import { REPO_PUSH_SAMPLE } from './repo-push.sample';

export const REPO_PUSH_EVENT: EventDefinition<RepoPushPayload> = {
  kind: 'repo_push',
  title: 'Push to Repository',
  payloadClass: RepoPushPayload,
  sample: REPO_PUSH_SAMPLE,
  level: () => 'primary',
  summary: (payload) => `Repository ${payload.repository} updated`,
};
