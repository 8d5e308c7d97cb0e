import { destinationRefusal } from './http/guarded-lookup';

/**
 * A deployment-wide base URL from the environment (for services whose public instance is gone, such as HipChat and
 * Flowdock: self-hosted and compatible receivers remain). Throws at load when the value is not an http(s) URL, so a
 * typo is a plugin load failure rather than every delivery failing.
 */
export function baseUrlSetting(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name}: "${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name}: "${raw}" is not http(s)`);
  if (url.search || url.hash) throw new Error(`${name}: "${raw}" must have no query or fragment`);
  return raw.replace(/\/+$/, '');
}

/**
 * For `checkConfig` of a plugin that calls a deployment-wide base URL: a notification created while the outbound policy
 * refuses that host could never be delivered, so say so at creation, naming the setting.
 */
export async function baseUrlRefusals(name: string, baseUrl: string): Promise<string[]> {
  const refusal = await destinationRefusal(new URL(baseUrl).hostname);
  return refusal ? [`config: ${name} (${baseUrl}) is refused by the outbound policy: ${refusal}`] : [];
}
