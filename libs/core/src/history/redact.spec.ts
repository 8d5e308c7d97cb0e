import { redact } from './redact';

const MASK = '[redacted]';

describe('redact', () => {
  describe('empty input', () => {
    it.each([null, undefined])('gives null for %p', (text) => {
      expect(redact(text, { token: 'supersecret' })).toBeNull();
    });

    it('keeps an empty string', () => {
      expect(redact('', { token: 'supersecret' })).toBe('');
    });
  });

  describe('config values', () => {
    it('masks every occurrence of a string value of 6 characters or more', () => {
      expect(redact('token s3cr3t and again s3cr3t.', { token: 's3cr3t' })).toBe(`token ${MASK} and again ${MASK}.`);
    });

    it('does not mask values shorter than 6 characters', () => {
      expect(redact('user bob, region eu1, pin 12345', { user: 'bob', region: 'eu1', pin: '12345' })).toBe(
        'user bob, region eu1, pin 12345',
      );
    });

    it('leaves text without config values unchanged', () => {
      expect(redact('HTTP 500 Internal Server Error', { token: 'abcdefgh' })).toBe('HTTP 500 Internal Server Error');
    });

    it('ignores values that are not strings', () => {
      expect(redact('port 123456 enabled true', { port: 123456, enabled: true, nothing: null })).toBe(
        'port 123456 enabled true',
      );
    });

    it('masks values of nested objects and arrays', () => {
      const config = { auth: { basic: { password: 'hunter22' } }, headers: [{ value: 'Bearer xyz123' }] };
      expect(redact('pw hunter22, header Bearer xyz123', config)).toBe(`pw ${MASK}, header ${MASK}`);
    });

    it('masks the longer of two overlapping values whole', () => {
      expect(redact('key abcdef123456', { short: 'abcdef', long: 'abcdef123456' })).toBe(`key ${MASK}`);
    });

    it('works with an empty config', () => {
      expect(redact('nothing to hide', {})).toBe('nothing to hide');
    });
  });

  describe('URLs', () => {
    it('masks a URL query parameter value on its own', () => {
      const config = { url: 'https://api.example.com/room/1/notify?auth_token=Zx9Yw8Vu7T' };
      expect(redact('401 for auth_token=Zx9Yw8Vu7T', config)).toBe(`401 for auth_token=${MASK}`);
    });

    it('does not mask short query parameter values on their own', () => {
      const config = { url: 'https://api.example.com/x?v=2&format=json' };
      expect(redact('v=2 format=json', config)).toBe('v=2 format=json');
    });

    it('masks the password of a URL', () => {
      const config = { url: 'https://deploy:Pa55w0rd@ci.example.com/hook' };
      expect(redact('login deploy:Pa55w0rd failed', config)).toBe(`login deploy:${MASK} failed`);
    });

    it('masks a long last path segment such as a Slack hook token', () => {
      const token = 'XXXXXXXXXXXXXXXXXXXXXXXX';
      const config = { url: `https://hooks.slack.com/services/T00000000/B00000000/${token}` };
      expect(redact(`invalid_token ${token}`, config)).toBe(`invalid_token ${MASK}`);
    });

    it('masks a last path segment as short as the API masks it', () => {
      const config = { url: 'https://ci.example.com/hooks/s3cretpath-q9' };
      expect(redact('bad request /hooks/s3cretpath-q9', config)).toBe(`bad request /hooks/${MASK}`);
    });

    it('does not mask a last path segment too short to be a secret', () => {
      const config = { url: 'https://ci.example.com/hooks/build' };
      expect(redact('POST /hooks/build returned 404', config)).toBe('POST /hooks/build returned 404');
    });

    it('masks the whole URL where it appears', () => {
      const url = 'https://ci.example.com/hook?token=abcdefgh';
      expect(redact(`could not reach ${url}`, { url })).toBe(`could not reach ${MASK}`);
    });

    it('masks URLs in nested config', () => {
      const config = { targets: [{ url: 'https://x.example.com/a?key=K3yK3yK3y' }] };
      expect(redact('key=K3yK3yK3y rejected', config)).toBe(`key=${MASK} rejected`);
    });
  });

  describe('truncation', () => {
    it('keeps text of exactly max characters whole', () => {
      expect(redact('abcdefghij', {}, 10)).toBe('abcdefghij');
    });

    it('cuts text longer than max and adds an ellipsis', () => {
      expect(redact('abcdefghijk', {}, 10)).toBe('abcdefghij…');
    });

    it('uses 1024 by default', () => {
      const out = redact('a'.repeat(5000), {})!;
      expect(out).toBe(`${'a'.repeat(1024)}…`);
    });

    it('masks before it truncates, so a secret across the cut is not half shown', () => {
      const text = `${'x'.repeat(15)}TOPSECRETVALUE${'y'.repeat(20)}`;
      expect(redact(text, { token: 'TOPSECRETVALUE' }, 20)).toBe(`${'x'.repeat(15)}[reda…`);
    });

    it('counts the length after masking', () => {
      // 30 characters before masking, 18 after: no cut.
      expect(redact('aaaa-0123456789ABCDEFGHIJ-bbbb', { token: '0123456789ABCDEFGHIJ' }, 20)).toBe(`aaaa-${MASK}-bbbb`);
    });
  });
});

describe('redact regressions', () => {
  it('masks a secret that straddles the point where long text is cut', () => {
    const secret = 'T0pS3cr3t-' + 'a'.repeat(40);
    expect(redact(secret, { token: secret }, 10)).toBe('[redacted]');
    const tok = 'Q'.repeat(60) + 'LEAKME' + 'Z'.repeat(34);
    const out = redact(tok.repeat(3), { token: tok }, 60) as string;
    expect(out).not.toContain('Q'.repeat(10));
    expect(out.startsWith('[redacted][redacted][redacted]')).toBe(true);
  });

  it('does not treat a one-letter URL password as a secret to mask everywhere', () => {
    expect(redact('happy path', { url: 'https://u:p@example.com/' })).toBe('happy path');
  });
});
