import { BuildCancelledPayload } from './build-cancelled.payload';
import { BUILD_TRIGGER_SAMPLE } from './build-trigger.sample';
import { deepFreeze } from './deep-freeze';

export const BUILD_CANCELLED_SAMPLE: Readonly<BuildCancelledPayload> = deepFreeze({
  repository: 'mynamespace/repository',
  namespace: 'mynamespace',
  name: 'repository',
  docker_url: 'quay.io/mynamespace/repository',
  homepage: 'https://quay.io/repository/mynamespace/repository/build?current=some-fake-build',

  build_id: 'build_uuid',
  docker_tags: ['latest', 'foo', 'bar'],

  ...BUILD_TRIGGER_SAMPLE,
});
