export interface InboxStreamSettings {
  /** A `: heartbeat` comment this often, so proxies keep an idle stream open (HERALD_SSE_HEARTBEAT_MS). */
  heartbeatMs: number;
  /**
   * The most a connection may have written but not yet sent (HERALD_SSE_MAX_BUFFER_BYTES): a client that reads slower
   * than its notifications come is dropped (it reconnects with Last-Event-ID and misses nothing), not buffered forever.
   */
  maxBufferedBytes: number;
  /** Streams one actor may hold open on one instance (HERALD_SSE_MAX_PER_ACTOR); one more is a 429. */
  maxPerActor: number;
}

export const INBOX_STREAM_SETTINGS = Symbol('INBOX_STREAM_SETTINGS');
