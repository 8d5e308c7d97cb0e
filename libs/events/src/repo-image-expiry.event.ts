import { EventDefinition } from './event-definition';
import { escapeHtml, repositoryReference, tagReferences } from './event-html.util';
import { RepoImageExpiryPayload } from './repo-image-expiry.payload';
import { REPO_IMAGE_EXPIRY_SAMPLE } from './repo-image-expiry.sample';

/** Days until expiry from Quay's `expiring_in` ("5 days", "1 day"); undefined when absent or unreadable. */
export function expiringInDays(payload: Record<string, unknown>): number | undefined {
  const match = typeof payload.expiring_in === 'string' ? /^\s*(\d+)\s*days?\s*$/i.exec(payload.expiring_in) : null;
  return match ? Number(match[1]) : undefined;
}

export const REPO_IMAGE_EXPIRY_EVENT: EventDefinition<RepoImageExpiryPayload> = {
  kind: 'repo_image_expiry',
  title: 'Image expiry trigger',
  payloadClass: RepoImageExpiryPayload,
  sample: REPO_IMAGE_EXPIRY_SAMPLE,
  level: () => 'info',
  summary: (payload) => `Repository ${payload.repository} image(s) expiring`,
  message: (payload) => {
    const when = payload.expiring_in ? ` in ${escapeHtml(payload.expiring_in)}` : '';
    return (
      `The following tags of repository ${repositoryReference(payload)} are due to expire${when}:` +
      `<br>${tagReferences(payload, payload.tags)}`
    );
  },
};
