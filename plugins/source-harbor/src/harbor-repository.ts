import { SourceContext, sourceRepositoryFields, SourceRepositoryFields } from '@herald/plugin-sdk';
import { HarborRepository, hostOf } from './harbor-webhook.shape';

/** Harbor's UI links repositories by project id, which webhooks do not carry: the default is the portal's front page. */
export const HARBOR_DEFAULT_HOMEPAGE = 'https://{host}/harbor/projects';

/** The catalogue's repository fields; the host comes from Harbor's resource_url unless `registry_host` is set. */
export function harborRepositoryFields(
  repository: HarborRepository,
  resourceUrl: string | undefined,
  context: SourceContext,
): SourceRepositoryFields {
  return sourceRepositoryFields(repository.fullName, {
    host: hostOf(resourceUrl),
    settings: context.settings,
    defaultHomepage: HARBOR_DEFAULT_HOMEPAGE,
  });
}
