import { REPO_PUSH_SAMPLE } from '@herald/events';
import { renderTemplate, templateProblem } from './webhook-template';

const render = (t: unknown, data: Record<string, unknown> = REPO_PUSH_SAMPLE as never) =>
  JSON.parse(renderTemplate(JSON.stringify(t), data));

describe('renderTemplate (Quay rules)', () => {
  const data = { repository: 'ns/repo', tags: ['a', 'b'], n: 3, nested: { x: 1 }, empty: [] };

  it('gives a whole-string expression its raw value: number, object, list; a miss is null', () => {
    expect(render({ n: '${n}', o: '${nested}', l: '${tags}', miss: '${nope}' }, data)).toEqual({
      n: 3,
      o: { x: 1 },
      l: ['a', 'b'],
      miss: null,
    });
  });

  it('gives several matches as a list, and joins them with "," inside a longer string', () => {
    expect(render({ all: '${tags[*]}', text: 'tags: ${tags[*]}' }, data)).toEqual({
      all: ['a', 'b'],
      text: 'tags: a,b',
    });
  });

  it('interpolates inside longer strings, a miss reading "(none)"', () => {
    expect(render({ text: '${repository} has ${n} (${nope})' }, data)).toEqual({ text: 'ns/repo has 3 ((none))' });
  });

  it('templates keys too, and walks lists', () => {
    expect(render({ 'key-${repository}': ['${n}', 'x${n}', 7, true, null] }, data)).toEqual({
      'key-ns/repo': [3, 'x3', 7, true, null],
    });
  });

  it('accepts Quay-style paths without the root and RFC 9535 paths with it', () => {
    expect(render({ a: '${docker_url}', b: '$.docker_url', c: '${$.docker_url}' })).toEqual({
      a: REPO_PUSH_SAMPLE.docker_url,
      b: '$.docker_url',
      c: REPO_PUSH_SAMPLE.docker_url,
    });
  });
});

describe('templateProblem (validation at creation, against {})', () => {
  it.each([
    ['{"text": "${repository}"}', undefined],
    ['[1, "${a.b}"]', undefined],
  ])('accepts %s', (t, problem) => expect(templateProblem(t)).toBe(problem));

  it.each([
    ['{"text": ', /not a JSON document/],
    ['{"text": "${a[}"}', /invalid JSONPath expression "\$\{a\[\}"/],
    ['{"text": "${..}"}', /invalid JSONPath expression/],
  ])('refuses %s', (t, problem) => expect(templateProblem(t)).toMatch(problem));

  it('refuses a template that is not a string', () => {
    expect(templateProblem({ text: 'x' })).toBe('must be a JSON document in a string');
  });
});
