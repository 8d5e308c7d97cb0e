import {
  isDigestReference,
  repoPushAggregationKey,
  SourceContext,
  sourceEventId,
  SourceTranslation,
} from '@herald/plugin-sdk';
import { harborRepositoryFields } from './harbor-repository';
import { eventData, HarborWebhook, readRepository, readResources } from './harbor-webhook.shape';

/**
 * PUSH_ARTIFACT → repo_push: each tagged resource adds tag → digest to `updated_tags`. Harbor sends one webhook per
 * tag, so pushes to one repository carry an aggregation key and merge within the host's window. A push by digest
 * (Harbor then puts the digest in `tag`) names no tag and is skipped.
 */
export function translateHarborPush(hook: HarborWebhook, context: SourceContext): SourceTranslation {
  const data = eventData(hook);
  const repository = readRepository(data);
  const resources = readResources(data);
  const tagged = resources.filter((r) => r.tag && !isDigestReference(r.tag));
  if (tagged.length === 0) return { events: [], skipped: [{ type: hook.type, reason: 'pushed by digest, no tag' }] };
  const updatedTags = Object.fromEntries(tagged.map((r) => [r.tag as string, r.digest]));
  const fields = harborRepositoryFields(repository, tagged[0].resourceUrl, context);
  // Harbor sends no event id. Two tags of one digest pushed in the same second differ only by tag, hence the tags.
  const id = sourceEventId('harbor', [
    hook.type,
    String(hook.occurAt),
    repository.fullName,
    ...tagged.map((r) => `${r.tag}@${r.digest}`).sort(),
  ]);
  return {
    events: [
      {
        kind: 'repo_push',
        id,
        aggregationKey: repoPushAggregationKey(fields.repository),
        payload: { ...fields, updated_tags: updatedTags },
      },
    ],
    skipped: [],
  };
}
