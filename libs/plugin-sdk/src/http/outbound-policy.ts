import * as ipaddr from 'ipaddr.js';

/**
 * Where plugins may call. By default only public unicast addresses: loopback, link-local (cloud metadata at
 * 169.254.169.254 among them), private and unique-local ranges, carrier-grade NAT, 0.0.0.0/8, multicast, broadcast,
 * reserved and documentation ranges, and IPv6 transition forms are refused, as are IPv4-mapped IPv6 forms of them.
 * Operators open exceptions with HERALD_OUTBOUND_ALLOW: CIDRs, addresses and host names (`*.corp.example` for a domain).
 */
export interface OutboundPolicy {
  allowRanges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  allowHosts: string[];
  allowDomains: string[];
}

/** Beyond what ipaddr.js classifies as non-unicast. */
const EXTRA_DENIED: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [
  ipaddr.parseCIDR('0.0.0.0/8'),
  ipaddr.parseCIDR('198.18.0.0/15'),
  ipaddr.parseCIDR('192.0.0.0/24'),
];

export class OutboundPolicyError extends Error {}

/** Parses HERALD_OUTBOUND_ALLOW ("127.0.0.1, 10.20.0.0/16, hooks.corp.example, *.svc.cluster.local"). */
export function parseOutboundPolicy(raw: string | undefined): OutboundPolicy {
  const policy: OutboundPolicy = { allowRanges: [], allowHosts: [], allowDomains: [] };
  for (const item of (raw ?? '').split(',').map((s) => s.trim().toLowerCase())) {
    if (!item) continue;
    if (item.includes('/')) {
      try {
        policy.allowRanges.push(ipaddr.parseCIDR(item));
      } catch {
        throw new OutboundPolicyError(`HERALD_OUTBOUND_ALLOW: "${item}" is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
      }
    } else if (ipaddr.isValid(item)) {
      const ip = ipaddr.parse(item);
      policy.allowRanges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^\*\.[a-z0-9.-]+$/.test(item)) {
      policy.allowDomains.push(item.slice(1));
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(item)) {
      policy.allowHosts.push(item);
    } else {
      throw new OutboundPolicyError(
        `HERALD_OUTBOUND_ALLOW: "${item}" is neither an address, a CIDR, a host name nor *.domain`,
      );
    }
  }
  return policy;
}

function inRange(ip: ipaddr.IPv4 | ipaddr.IPv6, [base, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  return ip.kind() === base.kind() && ip.match(base, bits);
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address for every purpose here. */
function normalized(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const ip = ipaddr.parse(bare);
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() ? (ip as ipaddr.IPv6).toIPv4Address() : ip;
}

export function isAllowedHost(policy: OutboundPolicy, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return policy.allowHosts.includes(h) || policy.allowDomains.some((d) => h.endsWith(d));
}

/**
 * Whether the operator opened `host` by name in HERALD_OUTBOUND_ALLOW: a listed host or domain, or an IP literal
 * within a listed range. Public addresses are callable without being listed, but are not "explicitly" allowed.
 */
export function isExplicitlyAllowed(policy: OutboundPolicy, host: string): boolean {
  if (isAllowedHost(policy, host)) return true;
  const ip = normalized(host);
  return ip !== undefined && policy.allowRanges.some((r) => inRange(ip, r));
}

/**
 * Why the address may not be called, or undefined when it may. `host` is the name it was resolved from, when any: an
 * allowed host name opens its addresses too.
 */
export function refusalOf(policy: OutboundPolicy, address: string, host?: string): string | undefined {
  const ip = normalized(address);
  if (!ip) return `${address} is not an IP address`;
  if (host && isAllowedHost(policy, host)) return undefined;
  if (policy.allowRanges.some((r) => inRange(ip, r))) return undefined;
  const range = ip.range();
  if (range !== 'unicast') return `${ip.toString()} is a ${range} address`;
  if (EXTRA_DENIED.some((r) => inRange(ip, r))) return `${ip.toString()} is a reserved address`;
  return undefined;
}

let current: OutboundPolicy | undefined;

/** The policy in force: HERALD_OUTBOUND_ALLOW, read once, unless the host or a test kit configured another. */
export function outboundPolicy(): OutboundPolicy {
  current ??= parseOutboundPolicy(process.env.HERALD_OUTBOUND_ALLOW);
  return current;
}

/** Replaces the policy in force (the host at boot; the contract kit for its loopback targets); returns the previous. */
export function configureOutboundPolicy(policy: OutboundPolicy): OutboundPolicy {
  const previous = outboundPolicy();
  current = policy;
  return previous;
}
