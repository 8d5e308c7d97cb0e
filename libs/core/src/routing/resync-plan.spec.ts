import { planResync, ResyncState } from './resync-plan';

const limits = { rebuildEveryMs: 3_600_000, maxCatchUp: 1000 };
const at = (coveredSeq: number | undefined, firstSeq: number, lastSeq: number, sinceRebuildMs = 1000): ResyncState => ({
  coveredSeq,
  stream: { firstSeq, lastSeq },
  sinceRebuildMs,
});

describe('planResync', () => {
  it('does nothing when the stream has no message the index has not covered', () => {
    expect(planResync(at(42, 1, 42), limits)).toEqual({ kind: 'none' });
  });

  it('catches up on exactly the messages after the covered sequence', () => {
    expect(planResync(at(42, 1, 45), limits)).toEqual({ kind: 'catch-up', from: 43, to: 45 });
  });

  it('catches up from the start of a stream that was empty when the index loaded', () => {
    expect(planResync(at(0, 0, 0), limits)).toEqual({ kind: 'none' });
    expect(planResync(at(0, 1, 3), limits)).toEqual({ kind: 'catch-up', from: 1, to: 3 });
  });

  it('treats a purged stream (first = last + 1) as nothing new, and its next messages as a catch-up', () => {
    expect(planResync(at(42, 43, 42), limits)).toEqual({ kind: 'none' });
    expect(planResync(at(42, 43, 44), limits)).toEqual({ kind: 'catch-up', from: 43, to: 44 });
  });

  it('rebuilds when messages the index has not seen aged out of the stream', () => {
    expect(planResync(at(42, 44, 50), limits)).toMatchObject({
      kind: 'rebuild',
      reason: expect.stringMatching(/aged/),
    });
  });

  it('rebuilds when the stream was recreated (its last sequence went back)', () => {
    expect(planResync(at(42, 1, 3), limits)).toMatchObject({ kind: 'rebuild', reason: expect.stringMatching(/reset/) });
  });

  it('waits for a period when the stream cannot be read (NATS away: nothing is dispatched meanwhile)', () => {
    expect(planResync({ coveredSeq: 42, stream: undefined, sinceRebuildMs: 0 }, limits)).toEqual({ kind: 'none' });
  });

  it('rebuilds before any position is known', () => {
    expect(planResync(at(undefined, 1, 3), limits)).toMatchObject({ kind: 'rebuild' });
    expect(planResync({ coveredSeq: undefined, stream: undefined, sinceRebuildMs: 0 }, limits)).toMatchObject({
      kind: 'rebuild',
    });
  });

  it('rebuilds rather than reading more messages than the limit', () => {
    expect(planResync(at(0, 1, 1000), limits)).toEqual({ kind: 'catch-up', from: 1, to: 1000 });
    expect(planResync(at(0, 1, 1001), limits)).toMatchObject({ kind: 'rebuild', reason: 'too many changes' });
  });

  it('rebuilds once the rebuild period is up, even with nothing new', () => {
    expect(planResync(at(42, 1, 42, 3_600_000), limits)).toEqual({ kind: 'rebuild', reason: 'periodic' });
  });
});
