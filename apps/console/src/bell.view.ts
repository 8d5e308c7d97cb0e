import { html } from 'htm/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, explainError } from './api.client';
import type { InboxItem, InboxPage } from './api.types';
import { followNotifications, type StreamState } from './notification-stream';
import { exactTime, timeAgo } from './time.format';

const PAGE = '/api/v1/user/notifications';
const PAGE_SIZE = 20;

function targetLabel(item: InboxItem): string {
  if (item.target.kind === 'user') return 'you';
  return item.target.kind === 'team' ? `team ${item.target.name}` : `organization ${item.target.name}`;
}

/** Links of the console itself stay in the tab; an event's homepage (the registry) opens beside it. */
function isOwnLink(link: string): boolean {
  return new URL(link, location.href).origin === location.origin;
}

/**
 * The bell at the top right: the unread count, kept live by the stream; its drop-down lists the newest notifications,
 * each dismissable. Escape or a click elsewhere closes it and gives focus back to the bell.
 */
export function Bell(props: { onUnauthorized: () => void }) {
  const [items, setItems] = useState<InboxItem[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<StreamState>('connecting');
  const [error, setError] = useState('');
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const [loaded, setLoaded] = useState(0);
  const [more, setMore] = useState(false);

  const load = useCallback(async (pageNo: number) => {
    try {
      const page = await api<InboxPage>('GET', `${PAGE}?page=${pageNo}&limit=${PAGE_SIZE}`);
      // Pages are counted from the newest, so items that arrived since shift them: skip what is already listed.
      setItems((now) =>
        pageNo === 1
          ? page.notifications
          : [...now, ...page.notifications.filter((i) => !now.some((n) => n.id === i.id))],
      );
      setUnread(page.unread);
      setLoaded(pageNo);
      setMore(page.has_additional);
      setError('');
    } catch (err) {
      setError(explainError(err));
    }
  }, []);

  useEffect(() => {
    void load(1);
    return followNotifications({
      onItem: (item) => {
        // A replay after a reconnect may repeat what the list already has.
        setItems((now) => (now.some((i) => i.id === item.id) ? now : [item, ...now]));
        if (!item.dismissed) setUnread((n) => n + 1);
      },
      onState: setState,
      onUnauthorized: props.onUnauthorized,
    });
  }, [load, props.onUnauthorized]);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close(true);
    const onClick = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!panel.current?.contains(t) && !button.current?.contains(t)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open, close]);

  const setDismissed = async (item: InboxItem, dismissed: boolean) => {
    try {
      const updated = await api<InboxItem>('PUT', `${PAGE}/${encodeURIComponent(item.id)}`, { dismissed });
      setItems((now) => now.map((i) => (i.id === item.id ? { ...i, ...updated } : i)));
      if (item.dismissed !== dismissed) setUnread((n) => Math.max(0, n + (dismissed ? -1 : 1)));
    } catch (err) {
      setError(explainError(err));
    }
  };

  const dismissAll = async () => {
    try {
      await api<{ dismissed: number }>('POST', `${PAGE}/dismiss_all`);
      setItems((now) => now.map((i) => ({ ...i, dismissed: true })));
      setUnread(0);
    } catch (err) {
      setError(explainError(err));
    }
  };

  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return html`<div class="bell">
    <button
      ref=${button}
      type="button"
      class="bell-button"
      aria-label=${label}
      aria-haspopup="true"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls="bell-panel"
      onClick=${() => (open ? close(false) : setOpen(true))}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      ${unread > 0 && html`<span class="badge" data-testid="unread-count">${unread > 99 ? '99+' : unread}</span>`}
    </button>
    ${
      open &&
      html`<div ref=${panel} id="bell-panel" class="bell-panel" role="region" aria-label="Notifications">
        <header>
          <h2>Notifications</h2>
          <button type="button" class="link" onClick=${dismissAll} disabled=${unread === 0}>Dismiss all</button>
        </header>
        ${error && html`<p class="error" role="alert">${error}</p>`}
        ${
          items.length === 0
            ? html`<p class="empty">Nothing here yet.</p>`
            : html`<ul class="bell-list">
                ${items.map(
                  (item) =>
                    html`<li key=${item.id} class=${item.dismissed ? 'dismissed' : 'unread'}>
                      <div class="bell-item-text">
                        ${
                          item.link
                            ? html`<a
                                href=${item.link}
                                target=${isOwnLink(item.link) ? undefined : '_blank'}
                                rel="noopener noreferrer"
                                onClick=${() => isOwnLink(item.link!) && close(false)}
                                >${item.summary}</a
                              >`
                            : html`<span>${item.summary}</span>`
                        }
                        <span class="meta">
                          <time datetime=${item.created} title=${exactTime(item.created)}
                            >${timeAgo(item.created)}</time
                          >
                          ${` · for ${targetLabel(item)}`}
                        </span>
                      </div>
                      ${
                        item.dismissed
                          ? html`<button
                              type="button"
                              class="icon"
                              aria-label=${`Mark unread: ${item.summary}`}
                              title="Mark unread"
                              onClick=${() => setDismissed(item, false)}
                            >
                              ↺
                            </button>`
                          : html`<button
                              type="button"
                              class="icon"
                              aria-label=${`Dismiss: ${item.summary}`}
                              title="Dismiss"
                              onClick=${() => setDismissed(item, true)}
                            >
                              ×
                            </button>`
                      }
                    </li>`,
                )}
              </ul>`
        }
        ${more && html`<button type="button" class="link more" onClick=${() => load(loaded + 1)}>Show older</button>`}
        <footer class=${`stream ${state}`}>
          ${state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </footer>
      </div>`
    }
  </div>`;
}
