import { isExplicitlyAllowed, outboundPolicy } from './outbound-policy';

/**
 * For targets that must be https:// (chat webhooks carry their token in the URL): the reason `raw` is refused, or
 * undefined. Plain http:// is allowed only to a host the operator listed in HERALD_OUTBOUND_ALLOW (an in-cluster
 * Mattermost, a test's loopback receiver): listing a host is the operator's word that the path to it is trusted.
 */
export function httpsRefusal(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isExplicitlyAllowed(outboundPolicy(), url.hostname.replace(/^\[|\]$/g, '')))
    return undefined;
  return 'an https:// address is required (plain http:// only to hosts listed in HERALD_OUTBOUND_ALLOW)';
}
