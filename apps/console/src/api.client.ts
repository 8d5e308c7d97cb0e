import { loadToken } from './session.store';

/** An answer other than 2xx, with the server's own message (Quay's `error_message`) and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
  }
}

/** What the console says for the statuses a person can act on; other errors show the server's message. */
export function explainError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'Your token is invalid or has expired. Sign in again with a fresh one.';
    if (err.status === 403) return `You are not an admin of this repository (${err.message}).`;
    if (err.status === 404) return `Not found: ${err.message}`;
    return err.message;
  }
  return err instanceof Error ? `Herald could not be reached: ${err.message}` : String(err);
}

type Listener = (err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();

/** Called on every 401, so the app can send the person back to sign in. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export function authHeaders(token = loadToken()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** A JSON call to Herald's API on this origin, with the tab's token. */
export async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(token) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, say: the status still tells what happened.
  }
  if (!res.ok) {
    const e = (json ?? {}) as { error_message?: string; message?: string; errors?: string[] };
    const err = new ApiError(res.status, e.error_message ?? e.message ?? `HTTP ${res.status}`, e.errors ?? []);
    if (res.status === 401) unauthorizedListeners.forEach((fn) => fn(err));
    throw err;
  }
  return json as T;
}

/** `/api/v1/repository/<ns>/<repo>` with each part escaped. */
export function repositoryPath(repository: string): string {
  const [ns, repo] = repository.split('/');
  return `/api/v1/repository/${encodeURIComponent(ns)}/${encodeURIComponent(repo)}`;
}
