import {
  isDocument,
  isReread,
  isTrailer,
  judgeHeader,
  judgeTrailer,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
} from './index-snapshot.format';

const NOW = 1_000_000_000;
const LIMITS = { rebuildEveryMs: 3_600_000, maxCatchUp: 100_000 };
const CREATED = '2026-12-02T10:00:00.000Z';
const header = (over: Record<string, unknown> = {}) => ({
  format: SNAPSHOT_FORMAT,
  version: SNAPSHOT_VERSION,
  coveredSeq: 10,
  rebuiltAt: NOW - 60_000,
  domainStreamCreated: CREATED,
  ...over,
});
const stream = (firstSeq: number, lastSeq: number, created = CREATED) => ({ firstSeq, lastSeq, created });

describe('judgeHeader', () => {
  it('takes a snapshot the domain stream can bring up to date, with the catch-up it needs', () => {
    expect(judgeHeader(header(), stream(1, 15), NOW, LIMITS)).toEqual({
      ok: true,
      step: { kind: 'catch-up', from: 11, to: 15 },
    });
    // Nothing published since, even once the stream's older messages are gone.
    expect(judgeHeader(header(), stream(11, 10), NOW, LIMITS)).toEqual({ ok: true, step: { kind: 'none' } });
  });

  it.each([
    ['not a snapshot', 'a line of text', stream(1, 15), 'not a routing index snapshot'],
    ['a later format', header({ version: 2 }), stream(1, 15), 'unknown format version 2'],
    ['a broken header', header({ coveredSeq: -1 }), stream(1, 15), 'unreadable header'],
    ['no stream position', header(), undefined, 'the domain stream cannot be read'],
    [
      'a stream made again',
      header(),
      stream(1, 15, '2026-12-02T11:00:00.000Z'),
      'the domain stream was made again since it was written',
    ],
    ['unseen changes gone', header(), stream(13, 15), 'changes aged out of the domain stream'],
    ['a stream behind it', header(), stream(1, 5), 'the domain stream was reset'],
    ['too many changes', header(), stream(1, 200_011), 'too many changes'],
    [
      'past the rebuild period',
      header({ rebuiltAt: NOW - 3_600_000 }),
      stream(1, 15),
      'older than HERALD_INDEX_REBUILD_MS',
    ],
  ])('refuses %s', (_what, h, s, reason) => {
    expect(judgeHeader(h, s, NOW, LIMITS)).toEqual({ ok: false, reason });
  });

  it('takes a snapshot stamped a little in the future (another instance clock) as fresh', () => {
    expect(judgeHeader(header({ rebuiltAt: NOW + 5_000 }), stream(1, 10), NOW, LIMITS)).toEqual({
      ok: true,
      step: { kind: 'none' },
    });
  });
});

describe('judgeTrailer', () => {
  const can = (id: string) => id === 'k1';

  it('accepts a whole snapshot whose keys are all configured', () => {
    expect(judgeTrailer({ $end: { count: 3, keyIds: ['k1'] } }, 3, can)).toBeUndefined();
  });

  it('refuses a cut one, or one sealed under a key no longer configured', () => {
    expect(judgeTrailer(undefined, 3, can)).toBe('cut short (no trailer)');
    expect(judgeTrailer({ $end: { count: 4, keyIds: [] } }, 3, can)).toBe('cut short (3 of 4 notifications)');
    expect(judgeTrailer({ $end: { count: 3, keyIds: ['k1', 'k0'] } }, 3, can)).toBe(
      'sealed under key(s) k0, which HERALD_ENCRYPTION_KEYS no longer holds',
    );
  });
});

describe('snapshot lines', () => {
  it('tells documents, re-read markers and the trailer apart', () => {
    const doc = { _id: 'u', uuid: 'u', repository: 'ns/r', event: 'repo_push', method: 'webhook', config: {} };
    expect([isDocument(doc), isReread(doc), isTrailer(doc)]).toEqual([true, false, false]);
    expect([isDocument({ $reread: 'u' }), isReread({ $reread: 'u' })]).toEqual([false, true]);
    expect(isTrailer({ $end: { count: 1, keyIds: [] } })).toBe(true);
    expect(isDocument({ uuid: 'u', repository: 'ns/r', event: 7, method: 'webhook' })).toBe(false);
    expect(isDocument('text')).toBe(false);
  });
});
