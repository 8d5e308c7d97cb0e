import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { EVENT_CATALOGUE } from './event-catalogue';
import { EVENT_KINDS } from './event-kind';
import { payloadAcceptor } from './payload-acceptor';
import { NestedField, StringField } from './payload-field.decorators';

type Plain = Record<string, unknown>;

const REPLACEMENTS: unknown[] = [undefined, null, 42, 0, 'text', '', true, [], ['a'], [1], {}, { a: 1 }, { a: 'b' }];

/** Every payload that differs from `sample` in one place, at any depth, by one of REPLACEMENTS. */
function mutations(sample: Plain): Plain[] {
  const out: Plain[] = [];
  for (const [key, value] of Object.entries(sample)) {
    for (const replacement of REPLACEMENTS) {
      const copy = structuredClone(sample);
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
      out.push(copy);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of mutations(value as Plain)) out.push({ ...structuredClone(sample), [key]: inner });
    }
  }
  for (const repository of ['noslash', 'ns/', '/name', 'ns/a b', 'ns/team/app']) out.push({ ...sample, repository });
  out.push({ ...sample, extra_field: { anything: [1, 2] } });
  return out;
}

function classValidatorAccepts(cls: new () => object, data: Plain): boolean {
  return validateSync(plainToInstance(cls, data), { stopAtFirstError: true }).length === 0;
}

describe('payloadAcceptor', () => {
  it.each(EVENT_KINDS)('compiles for %s and accepts its sample', (kind) => {
    const { payloadClass, sample } = EVENT_CATALOGUE[kind];
    const accept = payloadAcceptor(payloadClass);
    expect(accept).not.toBeNull();
    expect(accept!(structuredClone(sample) as Plain)).toBe(true);
  });

  it.each(EVENT_KINDS)('agrees with class-validator on every one-place change of the %s sample', (kind) => {
    const { payloadClass, sample } = EVENT_CATALOGUE[kind];
    const accept = payloadAcceptor(payloadClass)!;
    const cases = mutations(structuredClone(sample) as Plain);
    expect(cases.length).toBeGreaterThan(50);
    const disagreements = cases.filter((c) => accept(c) !== classValidatorAccepts(payloadClass, c));
    expect(disagreements).toEqual([]);
    // The corpus holds both answers, so the agreement says something.
    expect(cases.some((c) => accept(c))).toBe(true);
    expect(cases.some((c) => !accept(c))).toBe(true);
  });

  it('gives no acceptor for a class using a rule it does not reproduce, and for one without rules', () => {
    class WithGroups {
      @IsString({ groups: ['admin'] })
      name!: string;
    }
    class Empty {}
    class Outer {
      @StringField()
      id!: string;
      @NestedField(() => Empty)
      inner!: Empty;
    }
    expect(payloadAcceptor(WithGroups)).toBeNull();
    expect(payloadAcceptor(Empty)).toBeNull();
    expect(payloadAcceptor(Outer)).toBeNull();
  });
});
