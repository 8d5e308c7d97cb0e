import { EVENT_CATALOGUE, EventKind } from '@herald/events';

const SAMPLE_REPOSITORY = 'mynamespace/repository';

/** The catalogue's sample for the kind, about the notification's own repository so receivers can route it. */
export function samplePayloadFor(event: EventKind, repository: string): Record<string, unknown> {
  const sample = structuredClone(EVENT_CATALOGUE[event].sample) as Record<string, unknown>;
  const [namespace, ...rest] = repository.split('/');
  const rewrite = (v: unknown) => (typeof v === 'string' ? v.split(SAMPLE_REPOSITORY).join(repository) : v);
  return {
    ...sample,
    repository,
    namespace,
    name: rest.join('/'),
    docker_url: rewrite(sample.docker_url),
    homepage: rewrite(sample.homepage),
  };
}
