import { DEFAULT_JSON_LIMITS, exceedsJsonLimits, JsonLimits } from './json-limits';

const limits: JsonLimits = { maxBytes: 1 << 20, maxDepth: 4, maxFields: 5 };

describe('exceedsJsonLimits', () => {
  it.each([
    ['{}', 'an empty object'],
    ['[]', 'an empty array'],
    ['{"a":{"b":{"c":{}}}}', 'four levels'],
    ['{"a":1,"b":"x","c":[1,2]}', 'five fields'],
    ['"just a string"', 'a scalar'],
    ['{"a":"{{{{{{[[[[[[,,,,,,,,"}', 'brackets and commas inside a string'],
    ['{"a":"\\"{{{{{{{"}', 'an escaped quote before brackets in a string'],
  ])('accepts %s (%s)', (text) => {
    expect(exceedsJsonLimits(text, limits)).toBeUndefined();
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('refuses nesting deeper than the limit, objects or arrays', () => {
    expect(exceedsJsonLimits('{"a":{"b":{"c":{"d":{}}}}}', limits)).toBe('payload nests deeper than 4 levels');
    expect(exceedsJsonLimits('[[[[[1]]]]]', limits)).toBe('payload nests deeper than 4 levels');
  });

  it('counts members and elements at every depth', () => {
    expect(exceedsJsonLimits('{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', limits)).toBe('payload has more than 5 fields');
    expect(exceedsJsonLimits('{"a":[1,2,3],"b":{"c":1,"d":2}}', limits)).toBe('payload has more than 5 fields');
    expect(exceedsJsonLimits('[[],[],[],[],[],[]]', limits)).toBe('payload has more than 5 fields');
  });

  it('scans a hostile body in linear time and constant stack', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const started = performance.now();
    expect(exceedsJsonLimits(deep, DEFAULT_JSON_LIMITS)).toMatch(/deeper/);
    const wide = `[${'1,'.repeat(500_000)}1]`;
    expect(exceedsJsonLimits(wide, DEFAULT_JSON_LIMITS)).toMatch(/more than 10000 fields/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
