import { html } from 'htm/preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, explainError, repositoryPath } from './api.client';
import type { Delivery, DeliveryAttempt, RepoNotification } from './api.types';
import { eventLabel } from './event-kinds';
import { destinationOf } from './repository.view';
import { repositoryHref } from './routes';
import { exactTime, timeAgo } from './time.format';

// While the page is open the list follows new attempts (a redelivery, a retry) without a click.
const REFRESH_MS = 2000;

function Attempt({ a }: { a: DeliveryAttempt }) {
  const outcome = a.outcome === 'delivered' ? 'delivered' : a.outcome === 'retry' ? 'retrying' : 'failed';
  return html`<li class="attempt" data-testid="attempt">
    <div class="attempt-head">
      <span class=${`status ${outcome}`}>${a.outcome}</span>
      <strong>Attempt ${a.attempt}</strong>
      <time datetime=${a.at}>${exactTime(a.at)}</time>
      <span>${a.http_status === null ? 'no HTTP status' : `HTTP ${a.http_status}`}</span>
      <span>${Math.round(a.duration_ms)} ms</span>
    </div>
    ${a.error && html`<p class="error-text">${a.error_class ? html`<code>${a.error_class}</code> ` : ''}${a.error}</p>`}
    ${
      a.response_body !== null &&
      html`<details open=${a.outcome !== 'delivered'}>
        <summary>Response body</summary>
        <pre>${a.response_body || '(empty)'}</pre>
      </details>`
    }
  </li>`;
}

function DeliveryRow(props: {
  d: Delivery;
  base: string;
  destination: string;
  method: string;
  tick: number;
  onRedelivered: (message: string) => void;
  onError: (message: string) => void;
}) {
  const { d, base } = props;
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<Delivery | null>(null);
  const path = `${base}/${encodeURIComponent(d.delivery_id)}`;

  useEffect(() => {
    if (!open) return;
    api<Delivery>('GET', path).then(setDetail, (err) => props.onError(explainError(err)));
    // tick: the list was refreshed, so the attempts shown are too.
  }, [open, path, props.tick]);

  const redeliver = async () => {
    try {
      await api('POST', `${path}/redeliver`);
      setOpen(true);
      props.onRedelivered(`Delivery ${d.delivery_id.slice(0, 8)}… queued again.`);
    } catch (err) {
      props.onError(explainError(err));
    }
  };

  const panelId = `delivery-${d.delivery_id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  return html`<li class="delivery" data-status=${d.status}>
    <div class="delivery-head">
      <button
        type="button"
        class="disclosure"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${panelId}
        onClick=${() => setOpen(!open)}
      >
        <span class=${`status ${d.status}`}>${d.status}</span>
        <span class="delivery-event">${eventLabel(d.event)}${d.test ? html` <span class="tag">test</span>` : ''}</span>
        <code class="delivery-id" title=${d.delivery_id}>${d.event_id.slice(0, 12)}</code>
        <span class="muted">${d.attempt_count} attempt${d.attempt_count === 1 ? '' : 's'}</span>
        <time datetime=${d.created_at} title=${exactTime(d.created_at)}>${timeAgo(d.created_at)}</time>
      </button>
      <button type="button" onClick=${redeliver} aria-label=${`Redeliver ${d.delivery_id}`}>Redeliver</button>
    </div>
    ${
      open &&
      html`<div id=${panelId} class="delivery-body">
        <section>
          <h4>Request</h4>
          <p class="muted break">
            ${props.method} to ${props.destination || 'its configured destination'} · event id${' '}<code
              >${d.event_id}</code
            >
            ${d.next_attempt_at ? html` · next attempt ${timeAgo(d.next_attempt_at)}` : ''}
          </p>
          ${
            detail?.payload_json !== undefined &&
            html`<details>
              <summary>Event payload (the request body of a webhook in its default format)</summary>
              <pre>${readable(detail.payload_json)}</pre>
            </details>`
          }
        </section>
        <section>
          <h4>Attempts</h4>
          ${
            !detail
              ? html`<p class="muted">Loading…</p>`
              : detail.attempts?.length
                ? html`<ol class="attempts">
                    ${detail.attempts.map((a) => html`<${Attempt} key=${a.attempt} a=${a} />`)}
                  </ol>`
                : html`<p class="muted">No attempt yet.</p>`
          }
        </section>
      </div>`
    }
  </li>`;
}

/** A notification's recent deliveries, like a code host's webhook log: each one's attempts, and redelivery. */
export function DeliveriesPage({ repository, uuid }: { repository: string; uuid: string }) {
  const notificationPath = `${repositoryPath(repository)}/notification/${encodeURIComponent(uuid)}`;
  const base = `${notificationPath}/deliveries`;
  const [notification, setNotification] = useState<RepoNotification | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [error, setError] = useState('');
  const [flash, setFlash] = useState('');
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 24 * 3600 * 1000)));
  const [tick, setTick] = useState(0);

  const load = useCallback(async () => {
    try {
      const res = await api<{ deliveries: Delivery[] }>('GET', `${base}?limit=50`);
      setDeliveries(res.deliveries);
      setTick((t) => t + 1);
      setError('');
    } catch (err) {
      setError(explainError(err));
    }
  }, [base]);

  useEffect(() => {
    api<RepoNotification>('GET', notificationPath).then(setNotification, (err) => setError(explainError(err)));
    void load();
    const timer = setInterval(() => document.visibilityState === 'visible' && void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [notificationPath, load]);

  const redeliverSince = async (e: Event) => {
    e.preventDefault();
    const at = new Date(since);
    if (Number.isNaN(at.getTime())) return setError('Pick a date and time to redeliver from.');
    try {
      const res = await api<{ redelivered: number }>('POST', `${base}/redeliver`, { since: at.toISOString() });
      setFlash(
        `${res.redelivered} failed deliver${res.redelivered === 1 ? 'y' : 'ies'} since ${exactTime(at.toISOString())} queued again.`,
      );
      void load();
    } catch (err) {
      setError(explainError(err));
    }
  };

  const name = notification ? notification.title || eventLabel(notification.event) : '…';
  return html`<main class="page">
    <div class="page-head">
      <div>
        <p class="crumbs"><a href="#/">Repositories</a> / <a href=${repositoryHref(repository)}>${repository}</a> /</p>
        <h1>Recent deliveries <span class="muted">of ${name}</span></h1>
      </div>
      <button type="button" onClick=${() => void load()}>Refresh</button>
    </div>
    <form class="card inline-form" onSubmit=${redeliverSince}>
      <label for="since">Redeliver every failed delivery since</label>
      <input
        id="since"
        type="datetime-local"
        step="1"
        value=${since}
        onInput=${(e: Event) => setSince((e.target as HTMLInputElement).value)}
        required
      />
      <button type="submit">Redeliver failed</button>
    </form>
    <p class="flash" role="status">${flash}</p>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${deliveries === null && !error && html`<p class="muted">Loading…</p>`}
    ${deliveries?.length === 0 && html`<p class="empty card">No deliveries yet. Use Test on the repository page to send one.</p>`}
    ${
      deliveries &&
      deliveries.length > 0 &&
      html`<ul class="deliveries card" aria-label="Deliveries, newest first">
        ${deliveries.map(
          (d) =>
            html`<${DeliveryRow}
              key=${d.delivery_id}
              d=${d}
              base=${base}
              tick=${tick}
              method=${notification?.method ?? ''}
              destination=${notification ? destinationOf(notification) : ''}
              onRedelivered=${(m: string) => {
                setFlash(m);
                void load();
              }}
              onError=${setError}
            />`,
        )}
      </ul>`
    }
  </main>`;
}

/** The registry's JSON laid out for reading (display only: the text sent is the original). */
function readable(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** A Date as a datetime-local input's value, in the browser's time zone. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
