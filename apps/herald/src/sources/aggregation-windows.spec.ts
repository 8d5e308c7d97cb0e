import { AggregationWindows } from './aggregation-windows';

describe('AggregationWindows', () => {
  it('groups the parts of one key stored within the window of the first', () => {
    const w = new AggregationWindows<string>(1000, 10);
    const { opened } = w.add('k', 0, 'a');
    expect(w.add('k', 400, 'b')).toEqual({});
    expect(w.add('k', 1000, 'c')).toEqual({});
    expect(opened?.parts).toEqual(['a', 'b', 'c']);
  });

  it('keeps keys apart, and opens a new window for a part past it, handing back the old one', () => {
    const w = new AggregationWindows<string>(1000, 10);
    const first = w.add('k', 0, 'a').opened;
    w.add('other', 10, 'x');
    const next = w.add('k', 1001, 'b');
    expect(next.closed).toBe(first);
    expect(next.opened?.parts).toEqual(['b']);
    expect(w.size).toBe(2);
  });

  it('closes a full window early (bounded memory)', () => {
    const w = new AggregationWindows<number>(1000, 2);
    w.add('k', 0, 1);
    w.add('k', 1, 2);
    const third = w.add('k', 2, 3);
    expect(third.closed?.parts).toEqual([1, 2]);
    expect(third.opened?.parts).toEqual([3]);
  });

  it('closes a window once, and only while it is the open one', () => {
    const w = new AggregationWindows<string>(1000, 10);
    const first = w.add('k', 0, 'a').opened!;
    expect(w.close(first)).toBe(true);
    expect(w.close(first)).toBe(false);
    w.add('k', 5, 'b');
    expect(w.drain().map((x) => x.parts)).toEqual([['b']]);
    expect(w.size).toBe(0);
  });
});
