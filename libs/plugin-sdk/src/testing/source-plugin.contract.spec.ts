import { randomUUID } from 'node:crypto';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { SourceEvent, SourceInputError, SourcePlugin, SourceRequest } from '../source/source-plugin.interface';
import { checkSourcePluginContract } from './source-plugin.contract';

/** Reads `{"id": ..., "repository": ...}`; the options make it break one rule each. */
function plugin(flaw?: 'crashes' | 'random-ids' | 'invalid-payload' | 'bad-name'): SourcePlugin {
  return {
    name: flaw === 'bad-name' ? 'Bad_Name' : 'toy',
    description: 'A toy registry',
    mediaTypes: ['application/json'],
    translate(request: SourceRequest) {
      let body: { id?: unknown; repository?: unknown };
      try {
        body = JSON.parse(request.body.toString('utf8')) as typeof body;
      } catch (err) {
        if (flaw === 'crashes') throw new TypeError('boom');
        throw new SourceInputError(`body is not JSON: ${String(err)}`);
      }
      if (typeof body?.id !== 'string' || typeof body.repository !== 'string') {
        if (flaw === 'crashes') throw new TypeError('boom');
        throw new SourceInputError('id and repository must be strings');
      }
      const payload = { ...structuredClone(REPO_PUSH_SAMPLE), repository: body.repository } as Record<string, unknown>;
      if (flaw === 'invalid-payload') delete payload.updated_tags;
      return {
        events: [{ kind: 'repo_push', payload, id: flaw === 'random-ids' ? randomUUID() : body.id }],
        skipped: [],
      };
    },
  };
}

const samples = [{ body: Buffer.from('{"id": "e-1", "repository": "ns/app"}'), headers: {} }];

describe('checkSourcePluginContract', () => {
  it('passes a plugin that keeps the contract', () => {
    expect(checkSourcePluginContract({ plugin: plugin(), samples })).toEqual([]);
  });

  it.each([
    ['crashes', /must throw SourceInputError; got TypeError/],
    ['random-ids', /ids change between two translations/],
    ['invalid-payload', /updated_tags/],
    ['bad-name', /must match/],
  ] as const)('reports a plugin that %s', (flaw, problem) => {
    expect(checkSourcePluginContract({ plugin: plugin(flaw), samples }).join('\n')).toMatch(problem);
  });

  it('reports a sample the plugin refuses', () => {
    const refused = [{ body: Buffer.from('{"id": 1}'), headers: {} }];
    expect(checkSourcePluginContract({ plugin: plugin(), samples: refused })).toEqual([
      expect.stringMatching(/sample 0 was refused/),
    ]);
  });

  it('reports a skipped sample that maps to an event, and a merge whose id does not follow from its parts', () => {
    let calls = 0;
    const keyed: SourcePlugin = {
      ...plugin(),
      translate: (request, context) => {
        const t = plugin().translate(request, context);
        return { ...t, events: t.events.map((e) => ({ ...e, aggregationKey: 'repo_push:ns/app' })) };
      },
    };
    const merging = { ...keyed, merge: (events: readonly SourceEvent[]) => ({ ...events[0], id: `m-${calls++}` }) };
    expect(checkSourcePluginContract({ plugin: merging, samples, skippedSamples: samples })).toEqual([
      'skipped sample 0 must map to no event and be skipped',
      'merge of repo_push:ns/app: the id does not follow from the parts',
    ]);
  });
});
