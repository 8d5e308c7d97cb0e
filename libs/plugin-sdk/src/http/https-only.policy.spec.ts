import { httpsRefusal } from './https-only.policy';
import { configureOutboundPolicy, isExplicitlyAllowed, outboundPolicy, parseOutboundPolicy } from './outbound-policy';

const REFUSED = 'an https:// address is required (plain http:// only to hosts listed in HERALD_OUTBOUND_ALLOW)';

describe('httpsRefusal', () => {
  let previous: ReturnType<typeof outboundPolicy>;
  beforeAll(() => {
    previous = configureOutboundPolicy(parseOutboundPolicy('127.0.0.1, 10.8.0.0/16, chat.internal, *.svc.local, ::1'));
  });
  afterAll(() => configureOutboundPolicy(previous));

  it.each([
    'https://hooks.slack.com/services/T/B/x',
    'https://10.9.9.9/x',
    'http://127.0.0.1:8080/hook',
    'http://10.8.3.4/hook',
    'http://chat.internal/hook',
    'http://mattermost.svc.local/hook',
    'http://[::1]:9/hook',
  ])('allows %p', (url) => {
    expect(httpsRefusal(url)).toBeUndefined();
  });

  it.each([
    'http://hooks.slack.com/services/T/B/x',
    'http://10.9.9.9/x',
    'http://127.0.0.2/x',
    'ftp://chat.internal/x',
  ])('refuses %p', (url) => {
    expect(httpsRefusal(url)).toBe(REFUSED);
  });

  it('refuses what is not a URL', () => {
    expect(httpsRefusal('chat.internal/hook')).toBe('not a URL');
  });
});

describe('isExplicitlyAllowed', () => {
  it('is true only for listed names, domains and ranges, not for any public address', () => {
    const policy = parseOutboundPolicy('127.0.0.1, *.corp.example');
    expect(isExplicitlyAllowed(policy, '127.0.0.1')).toBe(true);
    expect(isExplicitlyAllowed(policy, '::ffff:127.0.0.1')).toBe(true);
    expect(isExplicitlyAllowed(policy, 'a.corp.example')).toBe(true);
    expect(isExplicitlyAllowed(policy, '93.184.215.14')).toBe(false);
    expect(isExplicitlyAllowed(policy, 'example.com')).toBe(false);
  });
});
