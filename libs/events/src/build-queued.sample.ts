import { BuildQueuedPayload } from './build-queued.payload';
import { BUILD_TRIGGER_SAMPLE } from './build-trigger.sample';
import { deepFreeze } from './deep-freeze';

export const BUILD_QUEUED_SAMPLE: Readonly<BuildQueuedPayload> = deepFreeze({
  repository: 'mynamespace/repository',
  namespace: 'mynamespace',
  name: 'repository',
  docker_url: 'quay.io/mynamespace/repository',
  homepage: 'https://quay.io/repository/mynamespace/repository/build?current=some-fake-build',

  is_manual: false,
  build_id: 'build_uuid',
  docker_tags: ['latest', 'foo', 'bar'],

  ...BUILD_TRIGGER_SAMPLE,
});
