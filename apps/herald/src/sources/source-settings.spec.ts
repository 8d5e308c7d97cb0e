import { sourceSettingsFromEnv } from './source-settings';

it('reads HERALD_SOURCE_<NAME>_<KEY> variables of one source, keys lower-cased, values trimmed, empty ones unset', () => {
  const env = {
    HERALD_SOURCE_DISTRIBUTION_REGISTRY_HOST: 'registry.example.com',
    HERALD_SOURCE_DISTRIBUTION_HOMEPAGE_URL: 'https://ui/{repository}',
    HERALD_SOURCE_DISTRIBUTION_: 'ignored',
    HERALD_SOURCE_CLOUDEVENTS_NATS_SUBJECT: ' zot.events ',
    HERALD_SOURCE_CLOUDEVENTS_EMPTY: '',
    HERALD_SOURCE_CLOUDEVENTS_BLANK: '  ',
    HERALD_SOURCE_MY_ZOT_NATS_SUBJECT: 'other',
  };
  expect(sourceSettingsFromEnv('distribution', env)).toEqual({
    registry_host: 'registry.example.com',
    homepage_url: 'https://ui/{repository}',
  });
  expect(sourceSettingsFromEnv('cloudevents', env)).toEqual({ nats_subject: 'zot.events' });
  expect(sourceSettingsFromEnv('my-zot', env)).toEqual({ nats_subject: 'other' });
});
