import { EventDefinition } from './event-definition';
import { repositoryReference, tagReferences } from './event-html.util';
import { RepoPushPayload } from './repo-push.payload';
import { REPO_PUSH_SAMPLE } from './repo-push.sample';

export const REPO_PUSH_EVENT: EventDefinition<RepoPushPayload> = {
  kind: 'repo_push',
  title: 'Push to Repository',
  payloadClass: RepoPushPayload,
  sample: REPO_PUSH_SAMPLE,
  level: () => 'primary',
  summary: (payload) => `Repository ${payload.repository} updated`,
  message: (payload) => {
    const tags = Array.isArray(payload.updated_tags) ? payload.updated_tags : Object.keys(payload.updated_tags);
    const what = tags.length ? `${tagReferences(payload, tags)} in repository` : 'repository';
    return `Push of ${what} ${repositoryReference(payload)}`;
  },
};
