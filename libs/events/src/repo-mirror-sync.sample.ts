import { deepFreeze } from './deep-freeze';
import { RepoMirrorSyncPayload } from './repo-mirror-sync.payload';

/** Quay's test notification for all three mirror events. */
export const REPO_MIRROR_SYNC_SAMPLE: Readonly<RepoMirrorSyncPayload> = deepFreeze({
  repository: 'mynamespace/repository',
  namespace: 'mynamespace',
  name: 'repository',
  docker_url: 'quay.io/mynamespace/repository',
  homepage: 'https://quay.io/repository/mynamespace/repository',

  message: 'TEST NOTIFICATION',
});
