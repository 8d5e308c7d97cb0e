import type { RepoPushPayload } from '@herald/events';
import { REPO_PUSH_SAMPLE } from '@herald/events';

/** Fields the bench adds to every event; Herald passes extra fields through to the webhook body unchanged. */
export interface BenchFields {
  bench_seq: number;
  bench_published_at: number;
}

export type BenchPushPayload = RepoPushPayload & BenchFields;

/** The repositories events go to: each holds exactly one repo_push notification, pointing at the sink. */
export function targetRepository(index: number): { namespace: string; name: string; repository: string } {
  const namespace = `bench-target-${index}`;
  const name = 'app';
  return { namespace, name, repository: `${namespace}/${name}` };
}

/** The catalogue's repo_push sample, moved to a target repository and stamped with seq and publish time. */
export function pushEvent(targetCount: number, seq: number, publishedAt: number): BenchPushPayload {
  const { namespace, name, repository } = targetRepository(((seq % targetCount) + targetCount) % targetCount);
  return {
    ...REPO_PUSH_SAMPLE,
    repository,
    namespace,
    name,
    docker_url: `quay.io/${repository}`,
    homepage: `https://quay.io/repository/${repository}`,
    bench_seq: seq,
    bench_published_at: publishedAt,
  };
}
