import * as dns from 'node:dns';
import { isIP } from 'node:net';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { ForbiddenDestinationError } from './forbidden-destination.error';
import { outboundPolicy, refusalOf } from './outbound-policy';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The DNS lookup of every connection plugins open: the addresses a name resolves to are checked right where they are
 * dialled, so a name that resolves to a public address at creation and to 169.254.169.254 later (DNS rebinding) is
 * still refused. Any refused address refuses the name: a mixed answer is as suspect as a bad one.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const policy = outboundPolicy();
    for (const a of addresses) {
      const refusal = refusalOf(policy, a.address, hostname);
      if (refusal) return callback(new ForbiddenDestinationError(`${hostname} resolves to ${refusal}`), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    callback(null, first.address, first.family);
  });
}

/** The same check ahead of time, for a config being created: the reason a URL's host is refused, if it is. */
export async function destinationRefusal(hostname: string): Promise<string | undefined> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const policy = outboundPolicy();
  if (isIP(bare)) return refusalOf(policy, bare);
  const addresses = await dns.promises.lookup(bare, { all: true }).catch(() => undefined);
  // A name that does not resolve from here may resolve where it is used; the send-time check still applies.
  for (const a of addresses ?? []) {
    const refusal = refusalOf(policy, a.address, bare);
    if (refusal) return `${bare} resolves to ${refusal}`;
  }
  return undefined;
}

/**
 * The outbound check for a config's URL field, as `checkConfig` returns it: an error naming `config.<field>` when the
 * policy refuses the URL's host, so an admin learns at creation that the address will never be called.
 */
export async function urlDestinationErrors(field: string, url: string): Promise<string[]> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    // class-validator's isURL accepts a few forms the WHATWG parser that safeRequest uses refuses: a 400, never a 500.
    return [`config.${field}: not a URL this host can call`];
  }
  const refusal = await destinationRefusal(hostname);
  return refusal ? [`config.${field}: the outbound policy refuses this address: ${refusal}`] : [];
}
