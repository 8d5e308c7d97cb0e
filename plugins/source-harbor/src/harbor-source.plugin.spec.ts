import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EVENT_CATALOGUE, VulnerabilityFoundPayload } from '@herald/events';
import { checkSourcePluginContract, SourceInputError, SourceRequest } from '@herald/plugin-sdk';
import { HarborSourcePlugin } from './harbor-source.plugin';

const plugin = new HarborSourcePlugin();
const context = { settings: {}, publicUrl: 'https://herald.example.com' };

function fixture(name: string): SourceRequest {
  const body = readFileSync(path.join(__dirname, '../test/fixtures', `${name}.json`));
  return { body, headers: { 'content-type': 'application/json' } };
}

function json(name: string): Record<string, unknown> {
  return JSON.parse(fixture(name).body.toString('utf8')) as Record<string, unknown>;
}

function request(value: unknown): SourceRequest {
  return { body: Buffer.from(JSON.stringify(value)), headers: { 'content-type': 'application/json' } };
}

const DIGEST = 'sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4';

describe('HarborSourcePlugin', () => {
  it('keeps the source contract', () => {
    expect(
      checkSourcePluginContract({
        plugin,
        samples: [fixture('push-artifact'), fixture('scanning-completed')],
        invalid: [request({ type: 'PUSH_ARTIFACT' }), request({ ...json('push-artifact'), event_data: [] })],
      }),
    ).toEqual([]);
  });

  it('maps PUSH_ARTIFACT to repo_push: tag → digest, docker_url from resource_url, the default homepage', () => {
    const { events, skipped } = plugin.translate(fixture('push-artifact'), context);
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'repo_push',
        id: expect.stringMatching(/^harbor-[0-9a-f]{40}$/),
        aggregationKey: 'repo_push:library/nginx',
        payload: {
          repository: 'library/nginx',
          namespace: 'library',
          name: 'nginx',
          docker_url: 'harbor.example.com/library/nginx',
          homepage: 'https://harbor.example.com/harbor/projects',
          updated_tags: { 'v1.25': DIGEST },
        },
      },
    ]);
  });

  it('takes registry_host and homepage_template from the settings', () => {
    const settings = {
      registry_host: 'registry.example.com',
      homepage_template: 'https://portal.example.com/{namespace}/{name}',
    };
    const [event] = plugin.translate(fixture('push-artifact'), { ...context, settings }).events;
    expect(event.payload).toMatchObject({
      docker_url: 'registry.example.com/library/nginx',
      homepage: 'https://portal.example.com/library/nginx',
    });
  });

  it('gives a retried webhook the same id, and a second tag of the same digest in the same second another', () => {
    const [first] = plugin.translate(fixture('push-artifact'), context).events;
    const [again] = plugin.translate(fixture('push-artifact'), context).events;
    expect(again.id).toBe(first.id);
    const other = json('push-artifact') as { event_data: { resources: { tag: string }[] } };
    other.event_data.resources[0].tag = 'latest';
    const [second] = plugin.translate(request(other), context).events;
    expect(second.id).not.toBe(first.id);
    expect(plugin.merge([first, second]).payload.updated_tags).toEqual({ 'v1.25': DIGEST, latest: DIGEST });
  });

  it('skips a push by digest (no tag)', () => {
    expect(plugin.translate(fixture('push-artifact-by-digest'), context)).toEqual({
      events: [],
      skipped: [{ type: 'PUSH_ARTIFACT', reason: 'pushed by digest, no tag' }],
    });
  });

  it('maps SCANNING_COMPLETED with findings to one vulnerability_found at the most severe level found', () => {
    const { events, skipped } = plugin.translate(fixture('scanning-completed'), context);
    expect(skipped).toEqual([]);
    expect(events).toHaveLength(1);
    const payload = events[0].payload as unknown as VulnerabilityFoundPayload;
    expect(payload).toMatchObject({
      repository: 'library/nginx',
      tags: ['v1.25'],
      digest: DIGEST,
      vulnerability: {
        id: '9b1c4d3e-45c8-4b0b-9d8e-6e1f5a7c2b10',
        priority: 'Critical',
        has_fix: true,
        total: 26,
        fixable: 22,
        description: '26 vulnerabilities: 1 Critical, 5 High, 10 Medium, 10 Low (22 fixable), found by Trivy v0.37.2',
      },
    });
    const definition = EVENT_CATALOGUE.vulnerability_found;
    expect(definition.level(payload)).toBe('error');
    expect(definition.summary(payload)).toBe('Critical vulnerability detected in repository library/nginx in 1 tags');
  });

  it('takes the highest level with a finding, not the report severity, and untagged artifacts have no tags', () => {
    const scan = json('scanning-completed') as {
      event_data: { resources: { tag: string; scan_overview: Record<string, { summary: unknown }> }[] };
    };
    const [resource] = scan.event_data.resources;
    resource.tag = DIGEST;
    const report = Object.values(resource.scan_overview)[0];
    report.summary = { total: 3, fixable: 0, summary: { Low: 2, Medium: 1 } };
    const [event] = plugin.translate(request(scan), context).events;
    expect(event.payload).toMatchObject({ tags: [], vulnerability: { priority: 'Medium', has_fix: false } });
  });

  it.each([
    ['scanning-completed-clean', 'SCANNING_COMPLETED', 'no findings'],
    ['scanning-failed', 'SCANNING_FAILED', 'scan failed'],
    ['pull-artifact', 'PULL_ARTIFACT', 'pulls are not catalogue events'],
    ['delete-artifact', 'DELETE_ARTIFACT', 'deletions are not catalogue events'],
    ['quota-exceed', 'QUOTA_EXCEED', 'quota events are not catalogue events'],
    ['replication', 'REPLICATION', 'replication events are not catalogue events'],
  ])('skips %s with its reason', (name, type, reason) => {
    expect(plugin.translate(fixture(name), context)).toEqual({ events: [], skipped: [{ type, reason }] });
  });

  it.each([
    [{ occur_at: 1 }, /^type must be a non-empty string/],
    [{ type: 'PUSH_ARTIFACT', occur_at: '1680501893' }, /^occur_at must be an integer/],
    [{ type: 'PUSH_ARTIFACT', occur_at: 1 }, /^event_data must be a JSON object/],
    [{ type: 'PUSH_ARTIFACT', occur_at: 1, event_data: { resources: [] } }, /^event_data\.repository must be/],
    [
      { ...json('push-artifact'), event_data: { ...(json('push-artifact').event_data as object), resources: [{}] } },
      /^event_data\.resources\[0\]\.digest must be a non-empty string/,
    ],
    [
      {
        ...json('push-artifact'),
        event_data: { resources: [], repository: { repo_full_name: 'nginx' } },
      },
      /repo_full_name must look like project\/name/,
    ],
  ])('refuses a wrong shape naming the field: %j', (body, reason) => {
    expect(() => plugin.translate(request(body), context)).toThrow(SourceInputError);
    expect(() => plugin.translate(request(body), context)).toThrow(reason);
  });
});
