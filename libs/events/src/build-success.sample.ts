import { BuildSuccessPayload } from './build-success.payload';
import { BUILD_TRIGGER_SAMPLE } from './build-trigger.sample';
import { deepFreeze } from './deep-freeze';

export const BUILD_SUCCESS_SAMPLE: Readonly<BuildSuccessPayload> = deepFreeze({
  repository: 'mynamespace/repository',
  namespace: 'mynamespace',
  name: 'repository',
  docker_url: 'quay.io/mynamespace/repository',
  homepage: 'https://quay.io/repository/mynamespace/repository/build?current=some-fake-build',
  visibility: 'public',

  build_id: 'build_uuid',
  docker_tags: ['latest', 'foo', 'bar'],

  ...BUILD_TRIGGER_SAMPLE,
});
