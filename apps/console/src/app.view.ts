import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { onUnauthorized } from './api.client';
import { Bell } from './bell.view';
import { DeliveriesPage } from './deliveries.view';
import { HomePage, rememberRepository, RepositoryPicker } from './home.view';
import { RepositoryPage } from './repository.view';
import { useRoute } from './route.hook';
import { clearToken, loadToken, saveToken } from './session.store';
import { SignIn } from './sign-in.view';
import { subjectOf } from './token-claims';

const EXPIRED = 'Your token is invalid or has expired. Sign in again with a fresh one.';

// The hash is the route, so the skip link moves focus itself instead of following "#main".
function skipToMain(e: Event) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

export function App() {
  const [token, setToken] = useState(loadToken);
  const [notice, setNotice] = useState('');
  const route = useRoute();

  const signOut = useCallback((message = '') => {
    clearToken();
    setNotice(message);
    setToken(null);
  }, []);
  const expired = useCallback(() => signOut(EXPIRED), [signOut]);

  useEffect(() => onUnauthorized(expired), [expired]);
  useEffect(() => {
    if (route.page !== 'home') rememberRepository(route.repository);
    document.title = route.page === 'home' ? 'Herald console' : `${route.repository} · Herald console`;
  }, [route]);

  if (!token) {
    return html`<${SignIn}
      notice=${notice}
      onSignedIn=${(t: string) => {
        saveToken(t);
        setNotice('');
        setToken(t);
      }}
    />`;
  }

  return html`<div class="shell">
    <a class="skip" href="#main" onClick=${skipToMain}>Skip to content</a>
    <header class="topbar">
      <a class="brand" href="#/">Herald</a>
      <${RepositoryPicker} compact=${true} />
      <div class="topbar-end">
        <span class="who" title="Signed in as">${subjectOf(token) ?? 'signed in'}</span>
        <${Bell} key=${token} onUnauthorized=${expired} />
        <button type="button" class="link" onClick=${() => signOut('You are signed out.')}>Sign out</button>
      </div>
    </header>
    <div id="main" tabindex="-1">
      ${
        route.page === 'home'
          ? html`<${HomePage} />`
          : route.page === 'repository'
            ? html`<${RepositoryPage} key=${route.repository} repository=${route.repository} />`
            : html`<${DeliveriesPage} key=${route.uuid} repository=${route.repository} uuid=${route.uuid} />`
      }
    </div>
  </div>`;
}
