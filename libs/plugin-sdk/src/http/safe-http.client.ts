import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { ForbiddenDestinationError } from './forbidden-destination.error';
import { guardedLookup } from './guarded-lookup';
import { OutboundPolicy, outboundPolicy, refusalOf } from './outbound-policy';

export interface SafeRequestOptions {
  method?: 'POST' | 'PUT' | 'GET';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The delivery's signal: aborts the call on timeout or shutdown. */
  signal: AbortSignal;
  timeoutMs: number;
  /** How much of the answer to keep; the rest is discarded unread (default 4 KiB). */
  maxResponseBytes?: number;
  /**
   * TLS settings of https:// calls: a client certificate to present, a CA bundle to verify servers with instead of the
   * system store. Pass the same object on every call: connections are pooled per object.
   */
  tls?: SafeTlsOptions;
}

export interface SafeTlsOptions {
  /** Client certificate chain (PEM) presented to servers that ask for one. */
  cert?: string | Buffer;
  /** Private key (PEM) of that certificate. */
  key?: string | Buffer;
  /** CA certificates (PEM) trusted for servers; replaces the system store when set. */
  ca?: string | Buffer;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first maxResponseBytes of the answer, as UTF-8. */
  body: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 4096;

/** One pool for every plugin's calls; every connection it opens resolves its name through the guarded lookup. */
const agent = new Agent({ connect: { lookup: guardedLookup } });

/**
 * A pool per TLS settings object, with the same guarded lookup: the certificate and CA change only how TLS is spoken,
 * never which addresses may be dialled. Weakly held, so settings a plugin drops take their pool with them.
 */
const tlsAgents = new WeakMap<SafeTlsOptions, Agent>();

function agentFor(tls: SafeTlsOptions | undefined): Agent {
  if (!tls) return agent;
  let a = tlsAgents.get(tls);
  if (!a) {
    const { cert, key, ca } = tls;
    a = new Agent({ connect: { lookup: guardedLookup, cert, key, ca } });
    tlsAgents.set(tls, a);
  }
  return a;
}

/** Stream events rather than `for await`: an async iterator per response is a measurable share of the garbage. */
function readCapped(body: NodeJS.ReadableStream, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      if (size < max) chunks.push(chunk);
      size += chunk.length;
    });
    body.once('end', () => resolve(Buffer.concat(chunks).subarray(0, max).toString('utf8')));
    body.once('error', reject);
  });
}

/**
 * The URL without its userinfo, and that userinfo as Basic authorization: a receiver's credentials written into the
 * URL (https://user:secret@host/) are sent, not silently dropped.
 */
export function splitCredentials(raw: string): { url: URL; authorization?: string } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url };
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

interface PreparedTarget {
  url: URL;
  authorization?: string;
  /** Why the outbound policy refuses the URL's IP literal; names are checked where they are dialled. */
  refusal?: string;
}

/** Most deliveries go to a few URLs again and again: parse and check each once (per policy), not per call. */
const prepared = new Map<string, PreparedTarget>();
const MAX_PREPARED = 10_000;
let preparedFor: OutboundPolicy | undefined;

function prepare(target: string): PreparedTarget {
  const policy = outboundPolicy();
  if (policy !== preparedFor || prepared.size >= MAX_PREPARED) {
    prepared.clear();
    preparedFor = policy;
  }
  let p = prepared.get(target);
  if (!p) {
    const { url, authorization } = splitCredentials(target);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let refusal: string | undefined;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') refusal = `${url.protocol} is not http: or https:`;
    else if (isIP(host)) refusal = refusalOf(policy, host);
    p = { url, authorization, refusal };
    prepared.set(target, p);
  }
  return p;
}

/**
 * The HTTP call every plugin makes: only http(s), the outbound policy checked on the address actually dialled (IP
 * literals here, names in the connection's lookup), redirects never followed, timeouts and the abort signal honoured,
 * and the answer read up to a cap. Throws ForbiddenDestinationError for a refused address and the network's own
 * errors otherwise; `outcomeFromRequestError` turns either into an outcome.
 */
export async function safeRequest(target: string, opts: SafeRequestOptions): Promise<SafeResponse> {
  const { url, authorization, refusal } = prepare(target);
  if (refusal) throw new ForbiddenDestinationError(refusal);
  const headers = { ...opts.headers };
  if (authorization && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
    headers.authorization = authorization;
  }
  const res = await request(url, {
    dispatcher: agentFor(opts.tls),
    method: opts.method ?? 'POST',
    headers,
    body: opts.body,
    signal: opts.signal,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  });
  const body = await readCapped(res.body, opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
  return { status: res.statusCode, headers: res.headers, body };
}
