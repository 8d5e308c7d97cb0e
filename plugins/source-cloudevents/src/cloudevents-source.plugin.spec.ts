import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkSourcePluginContract, SourceInputError, SourceRequest } from '@herald/plugin-sdk';
import { CloudEventsSourcePlugin } from './cloudevents-source.plugin';

const plugin = new CloudEventsSourcePlugin();
const context = { settings: { registry_host: 'zot.example.com:5000' }, publicUrl: 'https://herald.example.com' };
const STRUCTURED = { 'content-type': 'application/cloudevents+json; charset=utf-8' };
const D1 = 'sha256:9f1c4b3e5a7d2c8b6e0f1a3d5c7b9e2f4a6c8d0e1b3f5a7c9e2d4b6f8a0c1e3d';
const D2 = 'sha256:b1e3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f6a8c0e1b3';

function text(name: string): Buffer {
  return readFileSync(path.join(__dirname, '../test/fixtures', `${name}.json`));
}

function fixture(name: string, headers: Record<string, string> = STRUCTURED): SourceRequest {
  return { body: text(name), headers };
}

function json(name: string): Record<string, unknown> {
  return JSON.parse(text(name).toString('utf8')) as Record<string, unknown>;
}

function request(value: unknown, headers: Record<string, string> = STRUCTURED): SourceRequest {
  return { body: Buffer.from(JSON.stringify(value)), headers };
}

function binary(): SourceRequest {
  const { headers, data } = json('binary-image-updated') as { headers: Record<string, string>; data: unknown };
  return { body: Buffer.from(JSON.stringify(data)), headers };
}

describe('CloudEventsSourcePlugin (zot)', () => {
  it('keeps the source contract', () => {
    expect(
      checkSourcePluginContract({
        plugin,
        settings: context.settings,
        samples: [fixture('image-updated'), fixture('image-scanned'), binary()],
        invalid: [
          request({ ...json('image-updated'), specversion: '0.3' }),
          request({ ...json('image-updated'), id: '' }),
          request({ ...json('image-updated'), data: 'not json', datacontenttype: 'application/json' }),
        ],
      }),
    ).toEqual([]);
  });

  it('maps zotregistry.image.updated by tag to repo_push, its id the CloudEvent source and id', () => {
    expect(plugin.translate(fixture('image-updated'), context)).toEqual({
      events: [
        {
          kind: 'repo_push',
          id: 'zotregistry.dev/5c1f0e7a-8d2b-4f6e-9a3c-1b7d4e2f8a60',
          aggregationKey: 'repo_push:team/app',
          payload: {
            repository: 'team/app',
            namespace: 'team',
            name: 'app',
            docker_url: 'zot.example.com:5000/team/app',
            homepage: 'https://zot.example.com:5000/image/team/app',
            updated_tags: { 'v1.2.0': D1 },
          },
        },
      ],
      skipped: [],
    });
  });

  it('reads the same event from NATS, which sends no content type', () => {
    const overNats = plugin.translate(fixture('image-updated', {}), context);
    expect(overNats).toEqual(plugin.translate(fixture('image-updated'), context));
  });

  it('reads binary mode: ce-* headers (percent-encoded) and a JSON body', () => {
    const { events } = plugin.translate(binary(), context);
    expect(events).toEqual([
      expect.objectContaining({
        id: 'zotregistry.dev/9b1d3f5a-7c0e-4a4d-d5f7-9b1c3e5a7d70',
        payload: expect.objectContaining({ updated_tags: { 'v2.0.0': D2 } }),
      }),
    ]);
    const encoded = binary();
    encoded.headers = { ...encoded.headers, 'ce-source': 'zot%20east' };
    expect(plugin.translate(encoded, context).events[0].id).toMatch(/^cloudevents-[0-9a-f]{40}$/);
  });

  it('reads a batch: each event mapped or skipped, pushes merging into one', () => {
    const { events, skipped } = plugin.translate(
      fixture('batch', { 'content-type': 'application/cloudevents-batch+json' }),
      context,
    );
    expect(events.map((e) => e.payload.updated_tags)).toEqual([{ latest: D1 }, { stable: D1 }]);
    expect(skipped).toEqual([{ type: 'zotregistry.image.deleted', reason: 'deletions are not catalogue events' }]);
    expect(plugin.merge(events).payload.updated_tags).toEqual({ latest: D1, stable: D1 });
  });

  it('gives a top-level name the configured namespace (default library), keeping the pull path', () => {
    const [event] = plugin.translate(fixture('image-updated-top-level'), context).events;
    expect(event.payload).toMatchObject({
      repository: 'library/alpine',
      name: 'alpine',
      docker_url: 'zot.example.com:5000/alpine',
    });
    const settings = { ...context.settings, default_namespace: 'hub' };
    const [other] = plugin.translate(fixture('image-updated-top-level'), { ...context, settings }).events;
    expect(other.payload.repository).toBe('hub/alpine');
  });

  it('maps zotregistry.image.scanned with findings to vulnerability_found at the most severe level found', () => {
    const [event] = plugin.translate(fixture('image-scanned'), context).events;
    expect(event).toMatchObject({
      kind: 'vulnerability_found',
      payload: {
        repository: 'team/app',
        tags: ['v1.2.0'],
        vulnerability: {
          id: D1,
          priority: 'High',
          has_fix: true,
          description: '12 vulnerabilities: 2 High, 5 Medium, 4 Low, 1 Unknown (9 fixable)',
        },
      },
    });
  });

  it.each([
    ['image-updated-by-digest', 'zotregistry.image.updated', 'pushed by digest, no tag'],
    ['image-scanned-clean', 'zotregistry.image.scanned', 'no findings'],
    ['image-deleted', 'zotregistry.image.deleted', 'deletions are not catalogue events'],
    ['image-lint-failed', 'zotregistry.image.lint_failed', 'lint failures are not catalogue events'],
    [
      'repository-created',
      'zotregistry.repository.created',
      "a new repository's first push comes as zotregistry.image.updated",
    ],
  ])('skips %s with its reason', (name, type, reason) => {
    expect(plugin.translate(fixture(name), context)).toEqual({ events: [], skipped: [{ type, reason }] });
  });

  it('skips CloudEvents of other producers', () => {
    const other = { ...json('image-updated'), type: 'com.example.build.finished', source: 'ci' };
    expect(plugin.translate(request(other), context).skipped).toEqual([
      { type: 'com.example.build.finished', reason: 'no catalogue event for this type' },
    ]);
  });

  it.each([
    [request({ ...json('image-updated'), specversion: undefined }), /^specversion must be "1.0"/],
    [request({ ...json('image-updated'), source: 7 }), /^source must be a non-empty string/],
    [request({ ...json('image-updated'), data: { name: 'team/app' } }), /^data\.reference must be/],
    [request({ ...json('image-updated'), data: undefined }), /^data must be a JSON object/],
    [
      request([json('image-updated'), { ...json('image-updated'), specversion: '2.0' }], {
        'content-type': 'application/cloudevents-batch+json',
      }),
      /^\[1\]\.specversion must be "1.0"/,
    ],
    [request({ a: 1 }, { 'content-type': 'application/cloudevents-batch+json' }), /^body must be an array/],
    [{ ...binary(), headers: { ...binary().headers, 'ce-id': '' } }, /^header ce-id is required/],
    [
      request([json('image-updated'), json('image-updated')], { 'content-type': 'application/cloudevents-batch+json' }),
      /twice/,
    ],
  ])('refuses a wrong shape naming the field (%#)', (req, reason) => {
    expect(() => plugin.translate(req, context)).toThrow(SourceInputError);
    expect(() => plugin.translate(req, context)).toThrow(reason);
  });
});
