import type { Response } from 'express';
import type { Actor, InboxItemView } from '@herald/core';

const MAX_PENDING = 1000;

/** One client's event stream: Server-Sent Events framing, and a bound on what it may leave unread. */
export class SseConnection {
  private closed = false;
  private expiry?: NodeJS.Timeout;
  /** Until the Last-Event-ID replay is written, live items wait here (in order), so none is lost or sent twice. */
  private pending: InboxItemView[] | undefined;

  constructor(
    readonly actor: Actor,
    private readonly res: Response,
    private readonly maxBufferedBytes: number,
    private readonly onClose: (c: SseConnection) => void,
  ) {
    res.on('close', () => this.close());
  }

  open(replaying: boolean): void {
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // No cache and no transform: a proxy must neither keep nor compress (and so buffer) the stream.
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    if (replaying) this.pending = [];
    this.write(': connected\n\n');
  }

  /** Writes the replay, then whatever arrived live meanwhile that the replay did not already hold. */
  replay(items: InboxItemView[]): void {
    for (const item of items) this.writeItem(item);
    const replayed = new Set(items.map((i) => i.id));
    const live = this.pending ?? [];
    this.pending = undefined;
    for (const item of live) if (!replayed.has(item.id)) this.writeItem(item);
  }

  push(item: InboxItemView): void {
    if (!this.pending) return this.writeItem(item);
    // A replay that never ends must not hold live items forever either.
    if (this.pending.push(item) > MAX_PENDING) this.close();
  }

  /** Ends the stream at that time (ms since the epoch), if any. */
  endAt(at: number | undefined): void {
    if (at === undefined) return;
    // setTimeout holds at most about 24.8 days; a token valid for longer is cut then, and the client reconnects.
    this.expiry = setTimeout(() => this.close(), Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
    this.expiry.unref();
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiry);
    this.pending = undefined;
    if (!this.res.writableEnded) this.res.end();
    this.onClose(this);
  }

  private writeItem(item: InboxItemView): void {
    this.write(`id: ${item.id}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`);
  }

  private write(chunk: string): void {
    if (this.closed) return;
    // What the socket has not taken yet: past the bound the client is too slow, and is let go (to reconnect).
    if (this.res.writableLength + chunk.length > this.maxBufferedBytes) {
      this.res.destroy();
      this.close();
      return;
    }
    this.res.write(chunk);
  }
}
