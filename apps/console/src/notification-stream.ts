import { authHeaders } from './api.client';
import type { InboxItem } from './api.types';
import { SseParser } from './sse.parser';

export type StreamState = 'connecting' | 'live' | 'retrying';

export interface StreamHandlers {
  onItem(item: InboxItem): void;
  onState(state: StreamState): void;
  /** The token was refused: reconnecting would only be refused again. */
  onUnauthorized(): void;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/**
 * Follows the user's notification stream until stopped. fetch() rather than EventSource, because only fetch can send
 * the token in the Authorization header (never in the URL). After a drop it reconnects with Last-Event-ID, so the
 * server replays what was missed, waiting longer after each failure (with jitter, so a restarted Herald is not hit by
 * every tab at once).
 */
export function followNotifications(handlers: StreamHandlers): () => void {
  const abort = new AbortController();
  let lastId: string | undefined;
  let delay = FIRST_DELAY_MS;

  const once = async (): Promise<'again' | 'stop'> => {
    handlers.onState('connecting');
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...authHeaders() };
    if (lastId) headers['Last-Event-ID'] = lastId;
    const res = await fetch('/api/v1/user/notifications/stream', { headers, signal: abort.signal, cache: 'no-store' });
    if (res.status === 401) {
      handlers.onUnauthorized();
      return 'stop';
    }
    if (!res.ok || !res.body) return 'again';
    handlers.onState('live');
    delay = FIRST_DELAY_MS;
    const parser = new SseParser();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'again';
      for (const ev of parser.push(value)) {
        if (ev.event !== 'notification') continue;
        if (ev.id) lastId = ev.id;
        handlers.onItem(JSON.parse(ev.data) as InboxItem);
      }
    }
  };

  void (async () => {
    while (!abort.signal.aborted) {
      const next = await once().catch(() => 'again' as const);
      if (next === 'stop' || abort.signal.aborted) return;
      handlers.onState('retrying');
      await new Promise((r) => setTimeout(r, delay * (0.75 + Math.random() / 2)));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  })();
  return () => abort.abort();
}
