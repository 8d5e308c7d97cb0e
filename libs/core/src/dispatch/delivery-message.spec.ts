import { payloadJson, rememberPayloadJson } from '@herald/plugin-sdk';
import { storedPayloadJson } from '../history/delivery-summary';
import type { RecordDetail } from '../history/delivery-record.schema';
import { decodeDelivery, encodeDelivery, firstAttempt } from './delivery-message';

const TEXT = '{ "repository":"ns/r", "n": 12345678901234567, "f": 1.0, "big": 1e400 }';

function message() {
  const payload = JSON.parse(TEXT) as Record<string, unknown>;
  rememberPayloadJson(payload, TEXT);
  return firstAttempt({
    deliveryId: 'e:n',
    eventId: 'e',
    event: 'repo_push',
    payload,
    test: false,
    notification: {
      uuid: 'n',
      repository: 'ns/r',
      event: 'repo_push',
      method: 'webhook',
      config: { url: 'https://secret.example/' },
      event_config: {},
      title: null,
    },
  });
}

describe('delivery messages on the stream', () => {
  it('carry the registry text unchanged through encode and decode', () => {
    const decoded = decodeDelivery(encodeDelivery(message()));
    expect(payloadJson(decoded.payload)).toBe(TEXT);
    // And again, as a retry re-encodes what it decoded.
    expect(payloadJson(decodeDelivery(encodeDelivery(decoded)).payload)).toBe(TEXT);
  });

  it('leave the config (secrets) out', () => {
    expect(Buffer.from(encodeDelivery(message())).toString()).not.toContain('secret.example');
  });

  it('refuse what is not a delivery', () => {
    expect(() => decodeDelivery(Buffer.from('{"payload_json":"null"}'))).toThrow('not a Herald delivery message');
  });
});

describe('storedPayloadJson', () => {
  it('finds the registry text inside a history record', () => {
    const own = { event: 'repo_push', event_id: 'e', repository: 'ns/r', method: 'webhook', test: false };
    const detail = `{"payload":${TEXT},${JSON.stringify(own).slice(1)}`;
    expect(storedPayloadJson(detail, JSON.parse(detail) as RecordDetail)).toBe(TEXT);
  });

  it('falls back to serialising a record of another shape', () => {
    const detail = '{"event":"repo_push","payload":{"a":1}}';
    expect(storedPayloadJson(detail, JSON.parse(detail) as RecordDetail)).toBe('{"a":1}');
  });
});
