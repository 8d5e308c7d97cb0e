import { deepFreeze } from './deep-freeze';
import { RepoImageExpiryPayload } from './repo-image-expiry.payload';

export const REPO_IMAGE_EXPIRY_SAMPLE: Readonly<RepoImageExpiryPayload> = deepFreeze({
  repository: 'mynamespace/repository',
  namespace: 'mynamespace',
  name: 'repository',
  docker_url: 'quay.io/mynamespace/repository',
  homepage: 'https://quay.io/repository/mynamespace/repository',

  tags: ['latest', 'prod'],
  expiring_in: '5 days',
});
