import type { JsonSchema } from './api.types';
import { fieldKind, FieldInputError, initialValues, inputType, toConfig } from './schema-values';

const webhook: JsonSchema = {
  type: 'object',
  properties: {
    url: { type: 'string', format: 'uri', writeOnly: true, title: 'Webhook URL' },
    format: { enum: ['event', 'cloudevents'], default: 'event' },
    signing: { type: 'boolean' },
    headers: { type: 'object', additionalProperties: { type: 'string' }, writeOnly: true } as JsonSchema,
    retries: { type: 'integer', minimum: 1 },
    tags: { type: 'array', items: { type: 'string' } },
    target: {
      type: 'object',
      properties: { kind: { enum: ['user', 'team', 'org'] }, name: { type: 'string' } },
      required: ['kind', 'name'],
    },
  },
  required: ['url'],
};

describe('the console form generated from a JSON Schema', () => {
  it('picks an input per field kind, secrets masked', () => {
    const p = webhook.properties!;
    expect(Object.fromEntries(Object.entries(p).map(([k, s]) => [k, fieldKind(s)]))).toEqual({
      url: 'text',
      format: 'enum',
      signing: 'boolean',
      headers: 'string-map',
      retries: 'number',
      tags: 'string-list',
      target: 'object',
    });
    expect(inputType(p.url)).toBe('password');
    expect(inputType({ type: 'string', format: 'email' })).toBe('email');
  });

  it('starts from the defaults and nests objects', () => {
    expect(initialValues(webhook)).toEqual({
      url: '',
      format: 'event',
      signing: false,
      headers: '',
      retries: '',
      tags: '',
      target: { kind: '', name: '' },
    });
  });

  it('sends typed values and leaves blank optional fields out', () => {
    const values = {
      ...initialValues(webhook),
      url: ' http://127.0.0.1:9/hook ',
      format: 'cloudevents',
      headers: 'X-One: 1\nX-Two: a:b\n',
      retries: '3',
      tags: 'a\n\n b ',
      target: { kind: 'team', name: 'org/devs' },
    };
    expect(toConfig(webhook, values)).toEqual({
      url: 'http://127.0.0.1:9/hook',
      format: 'cloudevents',
      headers: { 'X-One': '1', 'X-Two': 'a:b' },
      retries: 3,
      tags: ['a', 'b'],
      target: { kind: 'team', name: 'org/devs' },
    });
    expect(toConfig(webhook, { ...initialValues(webhook), format: '' })).toEqual({});
  });

  it('names the field a value cannot fit', () => {
    const values = { ...initialValues(webhook), retries: 'three' };
    expect(() => toConfig(webhook, values)).toThrow(new FieldInputError('retries', 'must be a number'));
    expect(() => toConfig(webhook, { ...values, retries: '1.5' })).toThrow('retries: must be a whole number');
    expect(() => toConfig(webhook, { ...initialValues(webhook), headers: 'nocolon' })).toThrow(/headers/);
  });
});
