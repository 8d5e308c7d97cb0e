import { SseParser } from './sse.parser';

describe('the console event-stream parser', () => {
  it('reads events split across chunks anywhere, comments dropped', () => {
    const p = new SseParser();
    const text =
      ': heartbeat\n\nid: 01\nevent: notification\ndata: {"a":\ndata: 1}\n\n: heartbeat\n\nid: 02\r\nevent: notification\r\ndata: {}\r\n\r\n';
    const got = [];
    for (let i = 0; i < text.length; i += 3) got.push(...p.push(text.slice(i, i + 3)));
    expect(got).toEqual([
      { id: '01', event: 'notification', data: '{"a":\n1}' },
      { id: '02', event: 'notification', data: '{}' },
    ]);
  });

  it('keeps the last id for later events and defaults the type to message', () => {
    const p = new SseParser();
    expect(p.push('id: 7\ndata: x\n\ndata:y\n\n')).toEqual([
      { id: '7', event: 'message', data: 'x' },
      { id: '7', event: 'message', data: 'y' },
    ]);
  });
});
