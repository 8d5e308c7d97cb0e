import { truncateText } from './truncate-text';

describe('truncateText', () => {
  it('keeps text within the limit as it is', () => {
    expect(truncateText('short', 5)).toBe('short');
  });

  it('cuts longer text to the limit, ending in an ellipsis', () => {
    const cut = truncateText('x'.repeat(300), 256);
    expect(cut).toHaveLength(256);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateText('ab😀😀😀', 4);
    expect(cut).toBe('ab…');
    expect(() => encodeURIComponent(cut)).not.toThrow();
  });

  it('gives nothing for a limit of zero', () => {
    expect(truncateText('abc', 0)).toBe('');
  });
});
