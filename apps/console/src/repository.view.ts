import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, explainError, repositoryPath } from './api.client';
import type { ActionMethod, RepoNotification } from './api.types';
import { eventLabel } from './event-kinds';
import { NotificationForm } from './notification-form.view';
import { deliveriesHref } from './routes';

/** Herald disables a notification at this many consecutive final failures, as Quay does. */
const DISABLED_AT = 3;

/** What a notification sends to, from its config as the API shows it (secrets already masked). */
export function destinationOf(n: RepoNotification): string {
  const c = n.config;
  const target = c.target as { kind?: string; name?: string } | undefined;
  if (target?.kind) return `${target.kind} ${target.name ?? ''}`.trim();
  for (const key of ['url', 'email', 'room_id', 'flow_api_token'])
    if (typeof c[key] === 'string') return c[key] as string;
  return '';
}

function Filters({ config }: { config: Record<string, unknown> }) {
  const entries = Object.entries(config ?? {}).filter(([, v]) => v !== null && v !== '');
  if (!entries.length) return html`<span class="muted">none</span>`;
  return html`${entries.map(([k, v]) => html`<code class="chip" key=${k}>${k}: ${String(v)}</code>`)}`;
}

function NotificationCard(props: {
  n: RepoNotification;
  repository: string;
  methodTitle: string;
  onChanged: (message: string) => void;
  onError: (message: string) => void;
}) {
  const { n, repository } = props;
  const [confirming, setConfirming] = useState(false);
  const base = `${repositoryPath(repository)}/notification/${encodeURIComponent(n.uuid)}`;
  const disabled = n.number_of_failures >= DISABLED_AT;
  const name = n.title || eventLabel(n.event);
  const run = (what: string, method: string, path: string) => async () => {
    try {
      await api(method, path);
      props.onChanged(what);
    } catch (err) {
      props.onError(explainError(err));
    }
  };

  return html`<article class=${`card notification ${disabled ? 'disabled' : ''}`} aria-labelledby=${`n-${n.uuid}`}>
    <header>
      <h3 id=${`n-${n.uuid}`}>${name}</h3>
      <span class=${`status ${disabled ? 'failed' : 'delivered'}`}>${disabled ? 'Disabled' : 'Enabled'}</span>
    </header>
    <dl>
      <dt>Event</dt>
      <dd>${eventLabel(n.event)} <code>${n.event}</code></dd>
      <dt>Method</dt>
      <dd>${props.methodTitle} <span class="muted break">${destinationOf(n)}</span></dd>
      <dt>Filters</dt>
      <dd><${Filters} config=${n.event_config} /></dd>
      <dt>Failures</dt>
      <dd class=${n.number_of_failures ? 'warn' : ''}>${n.number_of_failures} of ${DISABLED_AT}</dd>
    </dl>
    <div class="actions">
      <a class="button" href=${deliveriesHref(repository, n.uuid)}>Deliveries</a>
      <button type="button" onClick=${run(`Test event queued for “${name}”.`, 'POST', `${base}/test`)}>Test</button>
      ${
        n.number_of_failures > 0 &&
        html`<button type="button" onClick=${run(`“${name}” reset and enabled.`, 'POST', base)}>
          ${disabled ? 'Re-enable' : 'Reset failures'}
        </button>`
      }
      ${
        confirming
          ? html`<span class="confirm" role="group" aria-label="Confirm deletion">
              Delete “${name}”?
              <button type="button" class="danger" onClick=${run(`“${name}” deleted.`, 'DELETE', base)}>
                Yes, delete
              </button>
              <button type="button" onClick=${() => setConfirming(false)}>Keep</button>
            </span>`
          : html`<button type="button" class="danger-outline" onClick=${() => setConfirming(true)}>Delete</button>`
      }
    </div>
  </article>`;
}

/** A repository's notifications, and the form to add one. */
export function RepositoryPage({ repository }: { repository: string }) {
  const [list, setList] = useState<RepoNotification[] | null>(null);
  const [methods, setMethods] = useState<ActionMethod[]>([]);
  const [error, setError] = useState('');
  const [flash, setFlash] = useState('');
  const [creating, setCreating] = useState(false);

  const load = useCallback(async () => {
    try {
      const res = await api<{ notifications: RepoNotification[] }>(
        'GET',
        `${repositoryPath(repository)}/notification/`,
      );
      setList(res.notifications);
      setError('');
    } catch (err) {
      setList(null);
      setError(explainError(err));
    }
  }, [repository]);

  useEffect(() => {
    setList(null);
    setFlash('');
    void load();
    api<{ methods: ActionMethod[] }>('GET', '/api/v1/methods').then(
      (r) => setMethods(r.methods),
      (err) => setError(explainError(err)),
    );
  }, [load]);

  const changed = (message: string) => {
    setFlash(message);
    void load();
  };
  const titleOf = (name: string) => methods.find((m) => m.name === name)?.title ?? name;

  return html`<main class="page">
    <div class="page-head">
      <div>
        <p class="crumbs"><a href="#/">Repositories</a> /</p>
        <h1>${repository}</h1>
      </div>
      ${
        !creating &&
        html`<button type="button" class="primary" onClick=${() => setCreating(true)} disabled=${!methods.length}>
          New notification
        </button>`
      }
    </div>
    <p class="flash" role="status">${flash}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${
      creating &&
      methods.length > 0 &&
      html`<${NotificationForm}
        repository=${repository}
        methods=${methods}
        onCreated=${(n: RepoNotification) => {
          setCreating(false);
          changed(`“${n.title || eventLabel(n.event)}” created.`);
        }}
        onCancel=${() => setCreating(false)}
      />`
    }
    ${list === null && !error && html`<p class="muted">Loading…</p>`}
    ${list?.length === 0 && !creating && html`<p class="empty card">No notifications yet. Create the first one.</p>`}
    ${
      list &&
      list.length > 0 &&
      html`<section class="notifications" aria-label="Notifications of the repository">
        ${list.map(
          (n) =>
            html`<${NotificationCard}
              key=${n.uuid}
              n=${n}
              repository=${repository}
              methodTitle=${titleOf(n.method)}
              onChanged=${changed}
              onError=${setError}
            />`,
        )}
      </section>`
    }
  </main>`;
}
