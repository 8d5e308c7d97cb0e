import { unstorableKeys } from './storable-config';

describe('unstorableKeys', () => {
  it('accepts ordinary configs, arrays included', () => {
    expect(unstorableKeys({ url: 'https://x', headers: { 'X-Token': 'a' }, list: [{ a: 1 }] })).toEqual([]);
  });

  it('names every key MongoDB would refuse or read as an operator, at any depth', () => {
    expect(unstorableKeys({ $where: 1, 'a.b': 2, nested: { deeper: { 'n\0ul': 3, ok: { $gt: 1 } } } })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^config: the key "\$where"/),
        expect.stringMatching(/^config: the key "a\.b"/),
        expect.stringMatching(/^config\.nested\.deeper: the key "n\\u0000ul"/),
        expect.stringMatching(/^config\.nested\.deeper\.ok: the key "\$gt"/),
      ]),
    );
  });

  it('walks a config nested far beyond any stack without recursion', () => {
    let deep: Record<string, unknown> = { $bad: 1 };
    for (let i = 0; i < 20_000; i++) deep = { d: deep };
    expect(unstorableKeys(deep)).toHaveLength(1);
  });
});
