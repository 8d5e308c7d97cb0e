import { SpillLedger } from './spill-ledger';

describe('SpillLedger', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('holds a key until every spilled attempt has come back', () => {
    const ledger = new SpillLedger(30_000);
    expect(ledger.has('n-1')).toBe(false);
    ledger.spilled('n-1');
    ledger.spilled('n-1');
    expect(ledger.has('n-1')).toBe(true);
    expect(ledger.has('n-2')).toBe(false);
    ledger.arrived('n-1');
    expect(ledger.has('n-1')).toBe(true);
    ledger.arrived('n-1');
    expect(ledger.has('n-1')).toBe(false);
    // An arrival nobody waited for changes nothing.
    ledger.arrived('n-1');
    expect(ledger.has('n-1')).toBe(false);
  });

  it('lets a key go after holdMs since its last spill (another instance may have taken them)', () => {
    const ledger = new SpillLedger(30_000);
    ledger.spilled('n-1');
    jest.advanceTimersByTime(20_000);
    ledger.spilled('n-1');
    jest.advanceTimersByTime(20_000);
    expect(ledger.has('n-1')).toBe(true);
    jest.advanceTimersByTime(10_000);
    expect(ledger.has('n-1')).toBe(false);
    // A lapsed entry starts afresh: one arrival clears one new spill.
    ledger.spilled('n-1');
    ledger.arrived('n-1');
    expect(ledger.has('n-1')).toBe(false);
  });
});
