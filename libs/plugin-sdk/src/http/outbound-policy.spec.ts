import { OutboundPolicyError, parseOutboundPolicy, refusalOf } from './outbound-policy';

const none = parseOutboundPolicy(undefined);

describe('refusalOf, the default policy', () => {
  it.each([
    ['169.254.169.254', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::1', '6to4'],
  ])('refuses %s (%s)', (address, range) => {
    expect(refusalOf(none, address)).toMatch(new RegExp(`a ${range} address$`));
  });

  it.each(['8.8.8.8', '93.184.215.14', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (a) => {
    expect(refusalOf(none, a)).toBeUndefined();
  });
});

describe('parseOutboundPolicy, the allow-list', () => {
  const policy = parseOutboundPolicy(' 127.0.0.1, 10.20.0.0/16 ,fd00::/8, hooks.corp.example, *.svc.cluster.local');

  it('opens addresses and CIDRs', () => {
    expect(refusalOf(policy, '127.0.0.1')).toBeUndefined();
    expect(refusalOf(policy, '::ffff:127.0.0.1')).toBeUndefined();
    expect(refusalOf(policy, '10.20.3.4')).toBeUndefined();
    expect(refusalOf(policy, 'fd12::1')).toBeUndefined();
    expect(refusalOf(policy, '127.0.0.2')).toMatch(/loopback/);
    expect(refusalOf(policy, '10.21.0.1')).toMatch(/private/);
  });

  it('opens the addresses of allowed host names and domains', () => {
    expect(refusalOf(policy, '10.9.9.9', 'hooks.corp.example')).toBeUndefined();
    expect(refusalOf(policy, '10.9.9.9', 'HOOKS.corp.example.')).toBeUndefined();
    expect(refusalOf(policy, '10.9.9.9', 'receiver.ns.svc.cluster.local')).toBeUndefined();
    expect(refusalOf(policy, '10.9.9.9', 'evil-hooks.corp.example')).toMatch(/private/);
    expect(refusalOf(policy, '10.9.9.9', 'svc.cluster.local.evil')).toMatch(/private/);
  });

  it.each(['10.0.0.0/99', 'not a host!', 'http://x'])(
    'refuses the entry %p with a message naming the variable',
    (e) => {
      expect(() => parseOutboundPolicy(e)).toThrow(OutboundPolicyError);
      expect(() => parseOutboundPolicy(e)).toThrow(/^HERALD_OUTBOUND_ALLOW: /);
    },
  );
});
