import { randomUUID } from 'node:crypto';
import { api, ApiResponse } from './api.client';

export const DISTRIBUTION_TYPE = 'application/vnd.docker.distribution.events.v1+json';

/** A distribution event as Debian's docker-registry 2.8.2 sends it (see plugins/source-distribution/fixtures). */
export function distributionEvent(opts: {
  action?: string;
  repository: string;
  tag?: string;
  digest?: string;
  blob?: boolean;
  id?: string;
}) {
  const digest = opts.digest ?? `sha256:${randomUUID().replace(/-/g, '').padEnd(64, '0')}`;
  const kind = opts.blob ? 'blobs' : 'manifests';
  return {
    id: opts.id ?? randomUUID(),
    timestamp: new Date().toISOString(),
    action: opts.action ?? 'push',
    target: {
      mediaType: opts.blob ? 'application/octet-stream' : 'application/vnd.oci.image.manifest.v1+json',
      size: 401,
      digest,
      length: 401,
      repository: opts.repository,
      url: `http://registry.test:5000/v2/${opts.repository}/${kind}/${digest}`,
      ...(opts.tag ? { tag: opts.tag } : {}),
    },
    request: {
      id: randomUUID(),
      addr: '127.0.0.1:40000',
      host: 'registry.test:5000',
      method: 'PUT',
      useragent: 'skopeo/1.9.3',
    },
    actor: {},
    source: { addr: 'vm:5000', instanceID: randomUUID() },
  };
}

/** POSTs a raw body to a source's ingest endpoint. */
export function postToSource(
  heraldUrl: string,
  source: string,
  token: string | undefined,
  body: unknown,
  contentType = DISTRIBUTION_TYPE,
): Promise<ApiResponse> {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  return api(heraldUrl, 'POST', `/api/v1/sources/${source}/events`, { token, rawBody, contentType });
}

/** A publish token for `source` (or every source with "*"), made by a superuser through the API. */
export async function createPublishToken(heraldUrl: string, superuserJwt: string, source: string): Promise<string> {
  const res = await api(heraldUrl, 'POST', '/api/v1/tokens', {
    token: superuserJwt,
    body: { name: `publish-${source}`, access: [{ type: 'source', name: source, actions: ['publish'] }] },
  });
  if (res.status !== 201) throw new Error(`publish token not created: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}
