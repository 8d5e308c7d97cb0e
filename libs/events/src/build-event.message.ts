import { BuildEventPayload } from './build-event.payload';
import { escapeHtml, htmlLink, repositoryReference } from './event-html.util';

/** What set the build off, as Quay's build_event template words it. */
function buildCause(payload: BuildEventPayload): string {
  if (!payload.trigger_id) return 'uploaded Dockerfile';
  const metadata = payload.trigger_metadata;
  if (!metadata) return `change to ${escapeHtml(payload.trigger_kind ?? 'unknown')} repository`;
  const commit = escapeHtml((metadata.commit ?? '').slice(0, 7));
  const info = metadata.commit_info;
  if (!info) return `change ${commit}`;
  const commitLink = info.url ? htmlLink(info.url, commit) : commit;
  const [, refKind, refName] = (metadata.ref ?? '').split('/');
  const target = `${refKind === 'tags' ? 'tag' : 'branch'} ${escapeHtml(refName ?? '')}`;
  const author = info.author?.username
    ? ` by ${info.author.url ? htmlLink(info.author.url, info.author.username) : escapeHtml(info.author.username)}`
    : '';
  return `change ${commitLink} to ${target}${author}`;
}

/** "Build abcdefg failure for change 42d4a62 to branch main by dev for repository ns/repo", then the error. */
export function buildMessage(payload: BuildEventPayload, verb: string): string {
  const build = htmlLink(payload.homepage, `Build ${payload.build_id.slice(0, 7)}`);
  const error = typeof payload.error_message === 'string' ? `<br>${escapeHtml(payload.error_message)}` : '';
  return `${build} ${verb} for ${buildCause(payload)} for repository ${repositoryReference(payload)}${error}`;
}
