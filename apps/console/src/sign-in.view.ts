import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, explainError } from './api.client';

/**
 * Paste a token, checked against the API before it is kept. The field is a password input with autocomplete off, so
 * the token is neither shown over a shoulder nor offered again by the browser.
 */
export function SignIn(props: { notice?: string; onSignedIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return setError('Paste a token first.');
    setBusy(true);
    setError('');
    try {
      // Any authenticated bearer may list the methods: a cheap check that Herald accepts the token.
      await api('GET', '/api/v1/methods', undefined, t);
      props.onSignedIn(t);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setBusy(false);
    }
  };

  return html`<main class="sign-in">
    <form class="card" onSubmit=${submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Herald</h1>
      <p class="muted">
        Paste a bearer token from your registry, or one from <code>herald token mint</code>. It is kept for this tab
        only and sent to this server alone.
      </p>
      <label for="token">Token</label>
      <input
        id="token"
        type="password"
        autocomplete="off"
        spellcheck="false"
        value=${token}
        onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)}
        aria-describedby=${error ? 'sign-in-error' : undefined}
        required
      />
      ${error && html`<p id="sign-in-error" class="error" role="alert">${error}</p>`}
      ${!error && props.notice && html`<p class="notice" role="status">${props.notice}</p>`}
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Checking…' : 'Sign in'}</button>
    </form>
  </main>`;
}
