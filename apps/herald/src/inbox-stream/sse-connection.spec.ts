import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import type { Actor, InboxItemView } from '@herald/core';
import { SseConnection } from './sse-connection';

/** What SseConnection uses of an Express response, recording what was written. */
class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  headers: Record<string, string> = {};
  writableLength = 0;
  writableEnded = false;
  destroyed = false;
  status(): this {
    return this;
  }
  setHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  flushHeaders(): void {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.writableEnded = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  ids(): string[] {
    return this.chunks.flatMap((c) => /^id: (\w+)/.exec(c)?.[1] ?? []);
  }
}

const actor: Actor = { id: 'ann', kind: 'user', access: [], superuser: false, teams: ['acme/ops'] };
const item = (id: string): InboxItemView => ({
  id,
  kind: 'repo_push',
  created: new Date(0).toISOString(),
  metadata: {},
  dismissed: false,
  organization: 'acme',
  target: { kind: 'team', name: 'acme/ops' },
  summary: 's',
  link: null,
});

function connection(maxBufferedBytes = 1 << 20) {
  const res = new FakeResponse();
  const closed: SseConnection[] = [];
  const c = new SseConnection(actor, res as unknown as Response, maxBufferedBytes, (x) => closed.push(x));
  return { res, c, closed };
}

describe('SseConnection', () => {
  it('frames each item as an event with its id, and heartbeats as comments', () => {
    const { res, c } = connection();
    c.open(false);
    c.push(item('a1'));
    c.heartbeat();
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(res.chunks).toEqual([
      ': connected\n\n',
      `id: a1\nevent: notification\ndata: ${JSON.stringify(item('a1'))}\n\n`,
      ': heartbeat\n\n',
    ]);
  });

  it('holds live items during a replay, then sends them after it without repeating what the replay held', () => {
    const { res, c } = connection();
    c.open(true);
    c.push(item('b2'));
    c.push(item('b3'));
    expect(res.ids()).toEqual([]);
    c.replay([item('b1'), item('b2')]);
    c.push(item('b4'));
    expect(res.ids()).toEqual(['b1', 'b2', 'b3', 'b4']);
  });

  it('drops a client that reads slower than its items come, instead of buffering for ever', () => {
    const { res, c, closed } = connection(4096);
    c.open(false);
    res.writableLength = 4000;
    c.push(item('c1'));
    expect(res.destroyed).toBe(true);
    expect(closed).toEqual([c]);
    c.push(item('c2'));
    expect(res.ids()).toEqual([]);
  });

  it('ends when the credential expires', () => {
    jest.useFakeTimers();
    try {
      const { res, c, closed } = connection();
      c.open(false);
      c.endAt(Date.now() + 60_000);
      jest.advanceTimersByTime(59_000);
      expect(res.writableEnded).toBe(false);
      jest.advanceTimersByTime(1_000);
      expect(res.writableEnded).toBe(true);
      expect(closed).toEqual([c]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets go of itself once when the client hangs up', () => {
    const { res, closed } = connection();
    res.emit('close');
    res.emit('close');
    expect(closed).toHaveLength(1);
  });
});
