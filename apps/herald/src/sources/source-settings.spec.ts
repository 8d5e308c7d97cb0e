import { sourceSettingsFromEnv } from './source-settings';

it('reads HERALD_SOURCE_<NAME>_<KEY> variables of one source, keys in lower case', () => {
  const env = {
    HERALD_SOURCE_DISTRIBUTION_REGISTRY_HOST: 'registry.example.com',
    HERALD_SOURCE_DISTRIBUTION_HOMEPAGE_URL: 'https://ui/{repository}',
    HERALD_SOURCE_CLOUD_EVENTS_NATS_SUBJECT: 'zot.events',
    HERALD_SOURCE_DISTRIBUTION_: 'ignored',
  };
  expect(sourceSettingsFromEnv('distribution', env)).toEqual({
    registry_host: 'registry.example.com',
    homepage_url: 'https://ui/{repository}',
  });
  expect(sourceSettingsFromEnv('cloud-events', env)).toEqual({ nats_subject: 'zot.events' });
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
