import { chunksUnder } from './insert-chunks';

const record = (detailLength: number) => ({ delivery_id: 'd', detail: 'x'.repeat(detailLength) });

describe('chunksUnder', () => {
  it('keeps a batch of small records in one command', () => {
    const docs = Array.from({ length: 500 }, () => record(600));
    expect([...chunksUnder(docs, 8 * 1024 * 1024)].map((c) => c.length)).toEqual([500]);
  });

  it('splits where the estimated size would pass the limit, keeping order and every record', () => {
    const docs = Array.from({ length: 10 }, (_, i) => ({ ...record(1000), i }));
    // Each record is estimated at 2 * 1000 + 512 bytes: three fit under 8,000.
    const chunks = [...chunksUnder(docs, 8000)];
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1]);
    expect(chunks.flat().map((d) => d.i)).toEqual([...Array(10).keys()]);
  });

  it('gives a record larger than the limit a command of its own rather than dropping it', () => {
    const chunks = [...chunksUnder([record(10), record(50_000), record(10)], 8000)];
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('yields nothing for no records', () => {
    expect([...chunksUnder([], 8000)]).toEqual([]);
  });
});
