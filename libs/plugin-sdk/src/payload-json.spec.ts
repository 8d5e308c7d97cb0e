import { payloadJson, rememberPayloadJson } from './payload-json';

describe('payloadJson', () => {
  it('serialises a payload once and returns the same text for the same object', () => {
    const payload = { repository: 'ns/app', updated_tags: ['latest'] };
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const first = payloadJson(payload);
      expect(payloadJson(payload)).toBe(first);
      expect(JSON.parse(first)).toEqual(payload);
      expect(stringify).toHaveBeenCalledTimes(1);
      // Another object with equal content is its own entry.
      expect(payloadJson({ ...payload })).toBe(first);
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
  });

  it('gives back the text a payload was parsed from, once remembered', () => {
    const text = '{ "repository": "ns/app",  "updated_tags": ["latest"] }';
    const payload = JSON.parse(text) as Record<string, unknown>;
    rememberPayloadJson(payload, text);
    expect(payloadJson(payload)).toBe(text);
  });
});
