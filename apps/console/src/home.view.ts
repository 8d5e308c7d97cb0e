import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { isRepositoryName, repositoryHref } from './routes';

// Repository names only (nothing secret), so they may outlive the tab.
const RECENT_KEY = 'herald.recentRepositories';

export function recentRepositories(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((r): r is string => typeof r === 'string').slice(0, 8) : [];
  } catch {
    return [];
  }
}

export function rememberRepository(repository: string): void {
  const list = [repository, ...recentRepositories().filter((r) => r !== repository)].slice(0, 8);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}

/** Open a repository by name (`namespace/repository`): the field sits in the top bar too, so this is the landing page. */
export function RepositoryPicker(props: { compact?: boolean }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const repository = name.trim();
    if (!isRepositoryName(repository)) return setError('Enter it as namespace/repository.');
    setError('');
    setName('');
    location.hash = repositoryHref(repository);
  };
  const id = props.compact ? 'repo-jump' : 'repo-open';
  return html`<form class=${props.compact ? 'repo-jump' : 'repo-open'} onSubmit=${submit} role="search">
    <label for=${id} class=${props.compact ? 'visually-hidden' : ''}>Repository</label>
    <input
      id=${id}
      value=${name}
      placeholder="namespace/repository"
      autocomplete="off"
      spellcheck="false"
      aria-invalid=${error ? 'true' : undefined}
      aria-describedby=${error ? `${id}-error` : undefined}
      onInput=${(e: Event) => setName((e.target as HTMLInputElement).value)}
    />
    <button type="submit">Open</button>
    ${error && html`<p id=${`${id}-error`} class="error" role="alert">${error}</p>`}
  </form>`;
}

export function HomePage() {
  const recent = recentRepositories();
  return html`<main class="page">
    <h1>Repositories</h1>
    <section class="card">
      <h2>Open a repository</h2>
      <p class="muted">Its notifications, their delivery logs, and a form to add one.</p>
      <${RepositoryPicker} />
    </section>
    ${
      recent.length > 0 &&
      html`<section class="card">
        <h2>Recently opened</h2>
        <ul class="recent">
          ${recent.map((r) => html`<li key=${r}><a href=${repositoryHref(r)}>${r}</a></li>`)}
        </ul>
      </section>`
    }
  </main>`;
}
