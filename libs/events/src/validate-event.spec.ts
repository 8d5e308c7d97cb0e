import { runInNewContext } from 'node:vm';
import { EVENT_CATALOGUE } from './event-catalogue';
import { EVENT_KINDS, EventKind } from './event-kind';
import { EventValidationFailure, parseEventJson, validateEvent } from './validate-event';
import { REPO_PUSH_SAMPLE } from './repo-push.sample';

type Plain = Record<string, unknown>;

function sampleOf(kind: EventKind): Plain {
  return structuredClone(EVENT_CATALOGUE[kind].sample) as Plain;
}

/** A copy of the sample of `kind` where the field at dotted `path` is set to `value`, or removed when undefined. */
function sampleWith(kind: EventKind, path: string, value?: unknown): Plain {
  const payload = sampleOf(kind);
  const keys = path.split('.');
  const last = keys.pop() as string;
  const parent = keys.reduce((node, key) => node[key] as Plain, payload);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return payload;
}

function expectFailure(result: ReturnType<typeof validateEvent>): EventValidationFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

const REPOSITORY_FIELDS = ['repository', 'namespace', 'name', 'docker_url', 'homepage'];
const BUILD_FIELDS = [...REPOSITORY_FIELDS, 'build_id', 'docker_tags'];

// Written out rather than read from the payload classes, so that a dropped decorator fails here.
const REQUIRED_FIELDS: Record<EventKind, string[]> = {
  repo_push: [...REPOSITORY_FIELDS, 'updated_tags'],
  build_queued: BUILD_FIELDS,
  build_start: BUILD_FIELDS,
  build_success: BUILD_FIELDS,
  build_failure: [...BUILD_FIELDS, 'error_message'],
  vulnerability_found: [...REPOSITORY_FIELDS, 'tags', 'vulnerability', 'vulnerability.id', 'vulnerability.priority'],
  build_cancelled: BUILD_FIELDS,
  repo_mirror_sync_started: [...REPOSITORY_FIELDS, 'message'],
  repo_mirror_sync_success: [...REPOSITORY_FIELDS, 'message'],
  repo_mirror_sync_failed: [...REPOSITORY_FIELDS, 'message'],
  repo_image_expiry: [...REPOSITORY_FIELDS, 'tags'],
};

describe('validateEvent', () => {
  it.each(EVENT_KINDS)('passes the %s sample through unchanged, as the same object', (kind) => {
    const sample = EVENT_CATALOGUE[kind].sample;
    const before = structuredClone(sample);

    const result = validateEvent(kind, sample);

    expect(result).toEqual({ ok: true, kind, payload: before });
    expect(result.ok && result.payload).toBe(sample);
  });

  it('accepts nested repository names (ns/team/app)', () => {
    expect(validateEvent('repo_push', sampleWith('repo_push', 'repository', 'ns/team/app')).ok).toBe(true);
  });

  it('accepts repo_push with updated_tags as a list of tag names, as real Quay sends it', () => {
    const payload = sampleWith('repo_push', 'updated_tags', ['latest', 'v1.2']);
    expect(validateEvent('repo_push', payload)).toEqual({ ok: true, kind: 'repo_push', payload });
  });

  it('keeps unknown fields, top-level and nested', () => {
    const payload = sampleWith('build_success', 'build_name', 'nightly');
    payload.image_id = 'sha256:123';
    payload.manifest_digests = ['sha256:456'];
    (payload.trigger_metadata as Plain).git_url = 'git@github.com:ns/repo.git';

    const result = validateEvent('build_success', payload);

    expect(result.ok).toBe(true);
    expect(result.ok && result.payload).toBe(payload);
    expect(result.ok && result.payload).toMatchObject({
      build_name: 'nightly',
      trigger_metadata: { git_url: 'git@github.com:ns/repo.git' },
    });
  });

  it('accepts build events without any optional field', () => {
    const payload = sampleOf('build_queued');
    for (const field of ['is_manual', 'trigger_kind', 'trigger_id', 'trigger_metadata']) delete payload[field];
    expect(validateEvent('build_queued', payload).ok).toBe(true);
  });

  it('accepts a repo_image_expiry without expiring_in, as the template of Quay allows', () => {
    expect(validateEvent('repo_image_expiry', sampleWith('repo_image_expiry', 'expiring_in')).ok).toBe(true);
  });

  it.each([
    ['repo_mirror_sync_failed', 'message', 42, 'message must be a string'],
    ['repo_image_expiry', 'tags', 'latest', 'tags must be a list of strings'],
    ['repo_image_expiry', 'expiring_in', 5, 'expiring_in must be a string'],
  ] as const)('%s with %s = %p: "%s"', (kind, field, value, message) => {
    expect(expectFailure(validateEvent(kind, sampleWith(kind, field, value))).errors).toEqual([message]);
  });

  it('accepts a vulnerability with only its id and priority', () => {
    const payload = sampleWith('vulnerability_found', 'vulnerability', { id: 'CVE-1', priority: 'Low' });
    expect(validateEvent('vulnerability_found', payload).ok).toBe(true);
  });

  describe('missing required fields', () => {
    const cases = EVENT_KINDS.flatMap((kind) => REQUIRED_FIELDS[kind].map((field) => [kind, field] as const));

    it.each(cases)('%s without %s names the field', (kind, field) => {
      const failure = expectFailure(validateEvent(kind, sampleWith(kind, field)));

      expect(failure.errors).toEqual([`${field} is required`]);
      expect(failure.reason).toBe(`invalid ${kind} payload: ${field} is required`);
    });

    it('lists every problem, joined in the reason', () => {
      const payload = sampleWith('build_failure', 'build_id');
      delete payload.error_message;

      const failure = expectFailure(validateEvent('build_failure', payload));

      expect(failure.errors).toEqual(expect.arrayContaining(['build_id is required', 'error_message is required']));
      expect(failure.reason).toBe(`invalid build_failure payload: ${failure.errors.join('; ')}`);
    });
  });

  describe('wrong types', () => {
    it.each([
      ['repo_push', 'repository', 'mynamespace', 'repository must look like namespace/name'],
      ['repo_push', 'repository', 'ns/team/app ', 'repository must look like namespace/name'],
      ['repo_push', 'repository', 7, 'repository must be a string'],
      ['repo_push', 'homepage', 7, 'homepage must be a string'],
      ['repo_push', 'updated_tags', 'latest', 'updated_tags must be a map of tag to digest or a list of tag names'],
      [
        'repo_push',
        'updated_tags',
        { latest: 1 },
        'updated_tags must be a map of tag to digest or a list of tag names',
      ],
      ['build_queued', 'is_manual', 'false', 'is_manual must be a boolean'],
      ['build_queued', 'docker_tags', 'latest', 'docker_tags must be a list of strings'],
      ['build_start', 'docker_tags', ['latest', 1], 'docker_tags must be a list of strings'],
      ['build_start', 'trigger_metadata', 'github', 'trigger_metadata must be an object'],
      ['build_start', 'trigger_metadata', [{ ref: 'x' }], 'trigger_metadata must be an object'],
      ['build_start', 'trigger_metadata.ref', 1, 'trigger_metadata.ref must be a string'],
      [
        'build_success',
        'trigger_metadata.commit_info.date',
        '2017',
        'trigger_metadata.commit_info.date must be a number',
      ],
      [
        'build_success',
        'trigger_metadata.commit_info.author.avatar_url',
        false,
        'trigger_metadata.commit_info.author.avatar_url must be a string',
      ],
      ['build_success', 'manifest_digests', 'sha256:1', 'manifest_digests must be a list of strings'],
      [
        'build_failure',
        'trigger_metadata.commit_info.committer',
        'me',
        'trigger_metadata.commit_info.committer must be an object',
      ],
      ['build_failure', 'error_message', null, 'error_message is required'],
      ['vulnerability_found', 'tags', [null], 'tags must be a list of strings'],
      ['vulnerability_found', 'vulnerability', 'CVE-1', 'vulnerability must be an object'],
      ['vulnerability_found', 'vulnerability.priority', 0, 'vulnerability.priority must be a string'],
      ['vulnerability_found', 'vulnerability.has_fix', 'yes', 'vulnerability.has_fix must be a boolean'],
    ] as const)('%s with %s = %p: "%s"', (kind, path, value, message) => {
      const failure = expectFailure(validateEvent(kind, sampleWith(kind, path, value)));

      expect(failure.errors).toEqual([message]);
      expect(failure.reason).toBe(`invalid ${kind} payload: ${message}`);
    });
  });

  it('names the unknown kind and lists the known ones', () => {
    const failure = expectFailure(validateEvent('quota_warning', {}));

    expect(failure.reason).toBe(
      'unknown event kind "quota_warning"; expected one of: ' +
        'repo_push, build_queued, build_start, build_success, build_failure, vulnerability_found, build_cancelled, ' +
        'repo_mirror_sync_started, repo_mirror_sync_success, repo_mirror_sync_failed, repo_image_expiry',
    );
    expect(failure.errors).toEqual([failure.reason]);
  });

  it('accepts plain objects made in another realm', () => {
    const payload: unknown = runInNewContext(`(${JSON.stringify(EVENT_CATALOGUE.repo_push.sample)})`);
    expect(validateEvent('repo_push', payload)).toEqual({ ok: true, kind: 'repo_push', payload });
  });

  it.each([
    [null, 'null'],
    [['repo_push'], 'an array'],
    ['{}', 'a string'],
    [3, 'a number'],
    [undefined, 'undefined'],
    [new Date(0), 'a Date'],
    [new (class Payload {})(), 'a Payload'],
  ])('rejects %p: the payload must be a JSON object', (data, got) => {
    const failure = expectFailure(validateEvent('repo_push', data));

    expect(failure.reason).toBe(`payload must be a JSON object, got ${got}`);
  });
});

describe('parseEventJson', () => {
  const sampleJson = JSON.stringify(EVENT_CATALOGUE.vulnerability_found.sample);

  it('parses and validates a string', () => {
    expect(parseEventJson('vulnerability_found', sampleJson)).toEqual({
      ok: true,
      kind: 'vulnerability_found',
      payload: EVENT_CATALOGUE.vulnerability_found.sample,
      json: sampleJson,
    });
  });

  it('parses and validates UTF-8 bytes', () => {
    // The registry's own text, spacing included, is kept for forwarding.
    const spaced = JSON.stringify(JSON.parse(sampleJson), null, 1);
    const result = parseEventJson('vulnerability_found', new TextEncoder().encode(spaced));
    expect(result).toEqual({
      ok: true,
      kind: 'vulnerability_found',
      payload: EVENT_CATALOGUE.vulnerability_found.sample,
      json: spaced,
    });
  });

  it('reports invalid JSON with the parser message', () => {
    const failure = expectFailure(parseEventJson('repo_push', '{"repository": '));
    expect(failure.reason).toMatch(/^payload is not valid JSON: .+/);
  });

  it('reports bytes that are not UTF-8 as invalid JSON', () => {
    const failure = expectFailure(parseEventJson('repo_push', new Uint8Array([0x7b, 0xff, 0x7d])));
    expect(failure.reason).toMatch(/^payload is not valid JSON: .+/);
  });

  it('rejects JSON that is not an object', () => {
    expect(expectFailure(parseEventJson('repo_push', '[1, 2]')).reason).toBe(
      'payload must be a JSON object, got an array',
    );
  });

  it('reports field errors like validateEvent', () => {
    const failure = expectFailure(parseEventJson('build_failure', '{"repository": "ns/repo"}'));
    expect(failure.errors).toContain('error_message is required');
  });

  it('rejects an unknown kind', () => {
    expect(expectFailure(parseEventJson('nope', sampleJson)).reason).toMatch(/^unknown event kind "nope"/);
  });
});

describe('parseEventJson limits', () => {
  const sample = JSON.stringify(REPO_PUSH_SAMPLE);
  it('refuses a body over the size limit before decoding it', () => {
    const result = parseEventJson('repo_push', Buffer.from(sample), { maxBytes: 10, maxDepth: 64, maxFields: 10_000 });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^payload is \d+ bytes, more than the limit of 10$/),
    });
  });

  it('refuses an extra field nested 5,000 deep with the reason, instead of overflowing the stack', () => {
    const deep = `${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const body = sample.replace(/}$/, `,"extra":${deep}}`);
    expect(parseEventJson('repo_push', body)).toMatchObject({
      ok: false,
      reason: 'payload nests deeper than 64 levels',
    });
  });

  it('accepts the sample within the default limits', () => {
    expect(parseEventJson('repo_push', Buffer.from(sample)).ok).toBe(true);
  });
});
