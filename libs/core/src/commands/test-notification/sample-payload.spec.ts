import { EVENT_CATALOGUE, EVENT_KINDS, validateEvent } from '@herald/events';
import { samplePayloadFor } from './sample-payload';

describe('samplePayloadFor', () => {
  it.each(EVENT_KINDS)('gives a valid %s sample about the notification repository', (kind) => {
    const payload = samplePayloadFor(kind, 'acme/team/app');
    expect(validateEvent(kind, payload).ok).toBe(true);
    expect(payload).toMatchObject({ repository: 'acme/team/app', namespace: 'acme', name: 'team/app' });
    expect(payload.homepage).toMatch(/^https:\/\/quay\.io\/repository\/acme\/team\/app/);
  });

  it('sends the newer events the samples Quay tests with', () => {
    expect(samplePayloadFor('repo_mirror_sync_started', 'a/b').message).toBe('TEST NOTIFICATION');
    expect(samplePayloadFor('repo_image_expiry', 'a/b')).toMatchObject({
      tags: ['latest', 'prod'],
      expiring_in: '5 days',
    });
    expect(samplePayloadFor('build_cancelled', 'a/b').build_id).toBe(EVENT_CATALOGUE.build_cancelled.sample.build_id);
  });
});
