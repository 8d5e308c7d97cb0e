import { baseUrlSetting } from './base-url.setting';

describe('baseUrlSetting', () => {
  it('takes the fallback when unset or blank, and drops trailing slashes', () => {
    expect(baseUrlSetting({}, 'X_URL', 'https://api.example.com')).toBe('https://api.example.com');
    expect(baseUrlSetting({ X_URL: '  ' }, 'X_URL', 'https://api.example.com/')).toBe('https://api.example.com');
    expect(baseUrlSetting({ X_URL: 'http://127.0.0.1:9/base//' }, 'X_URL', 'https://x')).toBe(
      'http://127.0.0.1:9/base',
    );
  });

  it.each([
    ['nope', 'X_URL: "nope" is not a URL'],
    ['ftp://x', 'X_URL: "ftp://x" is not http(s)'],
    ['https://x/?a=1', 'X_URL: "https://x/?a=1" must have no query or fragment'],
  ])('refuses %p at load', (value, message) => {
    expect(() => baseUrlSetting({ X_URL: value }, 'X_URL', 'https://x')).toThrow(message);
  });
});
