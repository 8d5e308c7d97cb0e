import { simpleParser } from 'mailparser';
import { addressHeader, composeMime, envelopeAddress, headerValue } from './mime-message';

const base = {
  from: 'Registry Bot <registry@example.com>',
  to: 'ops@example.com',
  subject: 'Repository acme/web updated',
  text: 'plain body\nsecond line',
  html: '<p>html body</p>',
  headers: { 'X-Herald-Event': 'repo_push' },
  domain: 'example.com',
};

describe('composeMime', () => {
  it('builds a multipart/alternative message a MIME parser reads back whole', async () => {
    const parsed = await simpleParser(composeMime(base));
    expect(parsed.subject).toBe(base.subject);
    expect(parsed.from?.value).toEqual([{ name: 'Registry Bot', address: 'registry@example.com' }]);
    expect(parsed.text?.trim()).toBe(base.text);
    expect(parsed.html).toBe(base.html);
    expect(parsed.headers.get('x-herald-event')).toBe('repo_push');
    expect(parsed.messageId).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
  });

  it('encodes non-ASCII subjects and names, and folds long ones, without changing them', async () => {
    const subject = `Dépôt ${'ünïcødé '.repeat(12)}mis à jour`.trim();
    const long = `Repository ${'a'.repeat(40)}/${'b'.repeat(40)} updated with a long tail of words to fold`;
    const raw = composeMime({ ...base, from: 'Régistre <r@example.com>', subject });
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(subject);
    expect(parsed.from?.value[0].name).toBe('Régistre');
    expect((await simpleParser(composeMime({ ...base, subject: long }))).subject).toBe(long);
  });

  it('keeps line breaks from a payload out of the headers (no header injection)', async () => {
    const parsed = await simpleParser(composeMime({ ...base, subject: 'hi\r\nBcc: victim@example.com\r\n\r\nbody' }));
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toBe('hi Bcc: victim@example.com body');
  });
});

describe('address helpers', () => {
  it('reads the envelope address and quotes display names', () => {
    expect(envelopeAddress('Herald <herald@localhost>')).toBe('herald@localhost');
    expect(envelopeAddress('herald@localhost')).toBe('herald@localhost');
    expect(addressHeader('a "b" <x@y.z>')).toBe('"a \\"b\\"" <x@y.z>');
    expect(addressHeader('x@y.z')).toBe('x@y.z');
    expect(headerValue('a\tb')).toBe('a b');
  });
});
