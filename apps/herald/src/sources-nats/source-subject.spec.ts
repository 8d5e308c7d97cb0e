import { checkSourceSubject } from './source-subject';
import { sourceSettingsFromEnv } from './source-settings';

describe('source NATS settings', () => {
  it.each(['zot.events', 'zot.>', 'registry.zot', 'acme.*.events'])('takes %s', (subject) => {
    expect(() => checkSourceSubject('V', subject)).not.toThrow();
  });

  it.each([
    ['zot events', /not a NATS subject/],
    ['zot..events', /not a NATS subject/],
    ['zot.>.x', /not a NATS subject/],
    ['registry.events.repo_push', /overlaps registry\.events/],
    ['registry.*.x', /overlaps registry\.events/],
    ['herald.deadletter.x', /overlaps herald/],
    ['>', /overlaps/],
    ['*.deadletter', /overlaps herald/],
  ])('refuses %s', (subject, reason) => {
    expect(() => checkSourceSubject('HERALD_SOURCE_X_NATS_SUBJECT', subject)).toThrow(reason);
  });

  it("reads a source's settings from its variables, lower-casing the key and ignoring empty ones", () => {
    const env = {
      HERALD_SOURCE_CLOUDEVENTS_NATS_SUBJECT: ' zot.events ',
      HERALD_SOURCE_CLOUDEVENTS_REGISTRY_HOST: 'zot.example.com',
      HERALD_SOURCE_CLOUDEVENTS_EMPTY: '',
      HERALD_SOURCE_HARBOR_REGISTRY_HOST: 'harbor.example.com',
      HERALD_SOURCE_MY_ZOT_NATS_SUBJECT: 'other',
    };
    expect(sourceSettingsFromEnv('cloudevents', env)).toEqual({
      nats_subject: 'zot.events',
      registry_host: 'zot.example.com',
    });
    expect(sourceSettingsFromEnv('my-zot', env)).toEqual({ nats_subject: 'other' });
  });
});
