import { revealOnce } from './reveal-once';

describe('revealOnce', () => {
  it('shows only the fields the plugin names, from the prepared config, over the masked view', () => {
    const masked = { url: 'https://example.com/***', signing_secret: '***', headers: { A: '***' } };
    const prepared = {
      config: { url: 'https://example.com/t0ken', signing_secret: 'whsec_abc', headers: { A: 'x' } },
      reveal: ['signing_secret', 'not_in_config'],
    };
    expect(revealOnce(masked, prepared)).toEqual({
      url: 'https://example.com/***',
      signing_secret: 'whsec_abc',
      headers: { A: '***' },
    });
  });

  it('reveals nothing without a reveal list', () => {
    expect(revealOnce({ token: '***' }, { config: { token: 'x' } })).toEqual({ token: '***' });
  });
});
