import { fillSourceTemplate } from './source-template';

/** The repository fields every catalogue payload carries. */
export interface SourceRepositoryFields {
  repository: string;
  namespace: string;
  name: string;
  docker_url: string;
  homepage: string;
}

export interface SourceRepositoryOptions {
  /** The registry's public host (`registry.example.com:5000`) when the request names one (Harbor's resource_url). */
  host?: string;
  /** The path `docker pull` takes on that host, when it differs from `repository` (a name given a namespace). */
  pullPath?: string;
  /** The source's settings: `registry_host` overrides `host`, `homepage_template` the default homepage. */
  settings: Readonly<Record<string, string>>;
  /** Used without a `homepage_template` setting; placeholders {host}, {repository}, {namespace}, {name},
   * {path} (the pull path). */
  defaultHomepage: string;
}

/**
 * The repository fields of a catalogue payload for `repository` ("namespace/name..."): `docker_url` is where the image
 * is pulled from, `homepage` the configured template (or the source's default) filled in.
 */
export function sourceRepositoryFields(repository: string, o: SourceRepositoryOptions): SourceRepositoryFields {
  const slash = repository.indexOf('/');
  const namespace = repository.slice(0, slash);
  const name = repository.slice(slash + 1);
  const host = (o.settings.registry_host || o.host || '').replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const pullPath = o.pullPath ?? repository;
  const values = { host, repository, namespace, name, path: pullPath };
  return {
    repository,
    namespace,
    name,
    docker_url: host ? `${host}/${pullPath}` : pullPath,
    homepage: fillSourceTemplate(o.settings.homepage_template || o.defaultHomepage, values),
  };
}

/** A reference that is a digest (`sha256:...`) rather than a tag: tags cannot hold a colon. */
export function isDigestReference(reference: string): boolean {
  return reference.includes(':');
}
