/** One Server-Sent Event as the client read it, with when it arrived (Date.now()). */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  at: number;
}

interface Waiter {
  test: (e: SseEvent) => boolean;
  resolve: (e: SseEvent) => void;
}

/**
 * A stream reader as the console's: fetch() with the token in the Authorization header (EventSource cannot send one),
 * the body read as a ReadableStream and parsed into events and comments.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly commentWaiters = new Set<{ text: string; resolve: () => void }>();
  /** Settles when the server ends the stream (or it is closed here). */
  ended!: Promise<void>;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, token: string | undefined, lastEventId?: string): Promise<SseClient> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const abort = new AbortController();
    const res = await fetch(url, { headers, signal: abort.signal });
    const client = new SseClient(res.status, res.headers, abort);
    client.ended = res.body ? client.read(res.body) : Promise.resolve();
    return client;
  }

  /** The first event (already read or to come) that passes `test`. */
  next(test: (e: SseEvent) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.id))}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves once a comment line with this text (e.g. "heartbeat") has been read. */
  comment(text: string, timeoutMs = 15_000): Promise<void> {
    if (this.comments.includes(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ": ${text}" comment in ${timeoutMs} ms`)), timeoutMs);
      this.commentWaiters.add({
        text,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** The `data` of every `notification` event, parsed. */
  notifications<T = { id: string }>(): T[] {
    return this.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data) as T);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.ended.catch(() => undefined);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) {
      if (!this.abort.signal.aborted) throw err;
    }
  }

  private onBlock(block: string): void {
    const event: SseEvent = { data: '', at: Date.now() };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        const text = line.slice(1).trim();
        this.comments.push(text);
        for (const w of this.commentWaiters) {
          if (w.text !== text) continue;
          this.commentWaiters.delete(w);
          w.resolve();
        }
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length && event.id === undefined) return;
    event.data = data.join('\n');
    this.events.push(event);
    for (const w of this.waiters) {
      if (!w.test(event)) continue;
      this.waiters.delete(w);
      w.resolve(event);
    }
  }
}
