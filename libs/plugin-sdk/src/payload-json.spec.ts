import { payloadJson } from './payload-json';

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
});
