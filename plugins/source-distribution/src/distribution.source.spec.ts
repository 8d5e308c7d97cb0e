import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSourcePluginContract, SourceInputError, SourceRequest, sourceEventId } from '@herald/plugin-sdk';
import { DISTRIBUTION_MEDIA_TYPE, DistributionSource } from './distribution.source';

/** Envelopes distribution 2.8.2 (Debian's docker-registry) sent when skopeo pushed, pulled and deleted an image. */
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures', `${name}.json`));
const request = (body: Buffer | string): SourceRequest => ({
  body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers: { 'content-type': DISTRIBUTION_MEDIA_TYPE },
});
const context = (settings: Record<string, string> = {}) => ({ settings, publicUrl: 'http://herald.test' });
const envelopeOf = (name: string) => JSON.parse(fixture(name).toString()) as { events: DistributionEventJson[] };
const withEvents = (events: unknown[]) => request(JSON.stringify({ events }));

interface DistributionEventJson {
  id: string;
  target: Record<string, unknown>;
  [field: string]: unknown;
}

const source = new DistributionSource();
const DIGEST = 'sha256:4a36f41abe6667353dd40f6c3f25a3393df1eaeedf5ed772a7977984572f9967';

describe('DistributionSource.translate', () => {
  it('maps a manifest pushed with a tag to a repo_push of that tag and digest, docker_url from the pushed-to host', () => {
    const out = source.translate(request(fixture('manifest-push-tag')), context());
    expect(out).toEqual({
      skipped: [],
      events: [
        {
          kind: 'repo_push',
          id: 'distribution:1329e118-55df-4b6a-8e86-e8c16d0a6b85',
          aggregationKey: 'repo_push:ns/repo',
          payload: {
            repository: 'ns/repo',
            namespace: 'ns',
            name: 'repo',
            docker_url: '127.0.0.1:33422/ns/repo',
            homepage: 'http://127.0.0.1:33422/v2/ns/repo/tags/list',
            updated_tags: { v1: DIGEST },
          },
        },
      ],
    });
  });

  it('takes docker_url from registry_host and fills the homepage_url template', () => {
    const settings = {
      registry_host: 'registry.example.com',
      homepage_url: 'https://ui.example.com/{namespace}/{name}?r={repository}&h={host}',
    };
    const [event] = source.translate(request(fixture('manifest-push-tag')), context(settings)).events;
    expect(event.payload).toMatchObject({
      docker_url: 'registry.example.com/ns/repo',
      homepage: 'https://ui.example.com/ns/repo?r=ns/repo&h=registry.example.com',
    });
  });

  it.each([
    ['blob-push', 'blob push', /blob events/],
    ['manifest-pull', 'manifest pull', /manifest pull maps to no/],
    ['manifest-delete', 'delete', /delete maps to no/],
    ['tag-delete', 'delete', /delete maps to no/],
  ])('skips %s with a reason', (name, type, reason) => {
    const out = source.translate(request(fixture(name)), context());
    expect(out.events).toEqual([]);
    expect(out.skipped).toEqual([{ type, reason: expect.stringMatching(reason) }]);
  });

  it('skips a manifest pushed by digest alone, and one to a repository without a namespace', () => {
    const [push] = envelopeOf('manifest-push-tag').events;
    const byDigest = { ...push, id: 'd', target: { ...push.target, tag: undefined } };
    const noNamespace = { ...push, id: 'n', target: { ...push.target, repository: 'alpine' } };
    const out = source.translate(withEvents([byDigest, noNamespace]), context());
    expect(out.events).toEqual([]);
    expect(out.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/by digest alone/),
      expect.stringMatching(/no namespace/),
    ]);
  });

  it('reads every event of an envelope, in order', () => {
    const events = [...envelopeOf('blob-push').events, ...envelopeOf('manifest-push-tag').events];
    const out = source.translate(withEvents(events), context());
    expect(out.events.map((e) => e.kind)).toEqual(['repo_push']);
    expect(out.skipped.map((s) => s.type)).toEqual(['blob push']);
  });

  it.each([
    ['not JSON', '{"events": [', /not valid JSON/],
    ['no envelope', '[]', /envelope/],
    ['events not a list', '{"events": {}}', /envelope/],
    ['an event without id', '{"events": [{"action": "push", "target": {"repository": "a/b"}}]}', /events\[0\]\.id/],
    [
      'a target not an object',
      '{"events": [{"id": "x", "action": "push", "target": "a/b"}]}',
      /events\[0\]\.target must/,
    ],
    [
      'a tag not a string',
      '{"events": [{"id": "x", "action": "push", "target": {"repository": "a/b", "tag": 1}}]}',
      /target\.tag/,
    ],
  ])('refuses %s with a SourceInputError naming the problem', (_name, body, reason) => {
    expect(() => source.translate(request(body), context())).toThrow(SourceInputError);
    expect(() => source.translate(request(body), context())).toThrow(reason);
  });
});

describe('DistributionSource.merge', () => {
  const push = (id: string, tag: string, digest: string) => {
    const [event] = envelopeOf('manifest-push-tag').events;
    return source.translate(withEvents([{ ...event, id, target: { ...event.target, tag, digest } }]), context())
      .events[0];
  };

  it('is the union of the updated tags, with an id derived from every part', () => {
    const a = push('a', 'v1', 'sha256:1');
    const b = push('b', 'v2', 'sha256:2');
    const merged = source.merge([a, b]);
    expect(merged.payload.updated_tags).toEqual({ v1: 'sha256:1', v2: 'sha256:2' });
    expect(merged.payload.repository).toBe('ns/repo');
    expect(merged.id).toBe(sourceEventId('merged', [a.id, b.id]));
    expect(source.merge([push('a', 'v1', 'sha256:1'), push('b', 'v2', 'sha256:2')]).id).toBe(merged.id);
    expect(source.merge([a, push('c', 'v2', 'sha256:2')]).id).not.toBe(merged.id);
  });

  it('keeps the newest digest of a tag pushed twice, and a single event as it is', () => {
    expect(source.merge([push('a', 'v1', 'sha256:old'), push('b', 'v1', 'sha256:new')]).payload.updated_tags).toEqual({
      v1: 'sha256:new',
    });
    const one = push('a', 'v1', 'sha256:1');
    expect(source.merge([one])).toBe(one);
  });
});

it('keeps the source plugin contract', () => {
  const problems = checkSourcePluginContract({
    plugin: source,
    samples: [request(fixture('manifest-push-tag'))],
    skippedSamples: ['blob-push', 'manifest-pull', 'manifest-delete', 'tag-delete'].map((n) => request(fixture(n))),
    invalid: [request(Buffer.from('{"events": [1]}'))],
  });
  expect(problems).toEqual([]);
});
