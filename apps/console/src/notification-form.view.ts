import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, explainError, repositoryPath } from './api.client';
import type { ActionMethod, RepoNotification } from './api.types';
import { allowedFilterKeys, EVENT_KINDS, type EventKind, eventLabel, FILTER_FIELDS } from './event-kinds';
import { SchemaFields } from './schema-form.view';
import { FieldInputError, type FormValues, initialValues, toConfig } from './schema-values';

interface Problem {
  message: string;
  errors: string[];
}

/**
 * Creates a notification: event and its filters, then a method whose config fields are generated from the schema the
 * plugin declares (`GET /api/v1/methods`), so a new plugin needs no console code. The server's 400 is shown as is.
 */
export function NotificationForm(props: {
  repository: string;
  methods: ActionMethod[];
  onCreated: (n: RepoNotification) => void;
  onCancel: () => void;
}) {
  const [event, setEvent] = useState<EventKind>('repo_push');
  const [title, setTitle] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [methodName, setMethodName] = useState(props.methods[0]?.name ?? '');
  const method = props.methods.find((m) => m.name === methodName);
  const [values, setValues] = useState<FormValues>(() => (method ? initialValues(method.config_schema) : {}));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const filterKeys = useMemo(() => allowedFilterKeys(event), [event]);

  // A method switch starts its own fields afresh: one method's values mean nothing to another.
  const chooseMethod = (name: string) => {
    setMethodName(name);
    const next = props.methods.find((m) => m.name === name);
    setValues(next ? initialValues(next.config_schema) : {});
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!method) return;
    setProblem(null);
    let config: Record<string, unknown>;
    try {
      config = toConfig(method.config_schema, values);
    } catch (err) {
      if (err instanceof FieldInputError) return setProblem({ message: err.message, errors: [] });
      throw err;
    }
    const eventConfig: Record<string, string> = {};
    for (const key of filterKeys) if (filters[key]?.trim()) eventConfig[key] = filters[key].trim();
    setBusy(true);
    try {
      const created = await api<RepoNotification>('POST', `${repositoryPath(props.repository)}/notification/`, {
        event,
        method: method.name,
        config,
        eventConfig,
        title: title.trim() || null,
      });
      props.onCreated(created);
    } catch (err) {
      setProblem({ message: explainError(err), errors: err instanceof ApiError ? err.errors : [] });
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="card form" onSubmit=${submit} aria-labelledby="new-notification-title" novalidate>
    <h2 id="new-notification-title">New notification</h2>
    <div class="form-grid">
      <div class="field">
        <label for="n-title">Title</label>
        <input
          id="n-title"
          value=${title}
          maxlength="255"
          onInput=${(e: Event) => setTitle((e.target as HTMLInputElement).value)}
          placeholder="Optional, e.g. CI hook"
        />
      </div>
      <div class="field">
        <label for="n-event">When this happens</label>
        <select
          id="n-event"
          value=${event}
          onChange=${(e: Event) => setEvent((e.target as HTMLSelectElement).value as EventKind)}
        >
          ${EVENT_KINDS.map((k) => html`<option value=${k}>${eventLabel(k)} (${k})</option>`)}
        </select>
      </div>
      ${filterKeys.map((key) => {
        const f = FILTER_FIELDS[key];
        const id = `n-filter-${key}`;
        const onInput = (e: Event) => setFilters({ ...filters, [key]: (e.target as HTMLInputElement).value });
        return html`<div key=${key} class="field">
          <label for=${id}>${f.label} <span class="muted">(filter, optional)</span></label>
          ${
            f.options
              ? html`<select id=${id} value=${filters[key] ?? ''} onChange=${onInput} aria-describedby=${`${id}-hint`}>
                  <option value="">Any</option>
                  ${f.options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
                </select>`
              : html`<input
                  id=${id}
                  value=${filters[key] ?? ''}
                  onInput=${onInput}
                  inputmode=${key === 'days' ? 'numeric' : undefined}
                  aria-describedby=${`${id}-hint`}
                  spellcheck="false"
                />`
          }
          <small id=${`${id}-hint`} class="hint">${f.hint}</small>
        </div>`;
      })}
      <div class="field">
        <label for="n-method">Then</label>
        <select
          id="n-method"
          value=${methodName}
          onChange=${(e: Event) => chooseMethod((e.target as HTMLSelectElement).value)}
        >
          ${props.methods.map((m) => html`<option value=${m.name}>${m.title || m.name}</option>`)}
        </select>
        ${method?.description && html`<small class="hint">${method.description}</small>`}
      </div>
    </div>
    ${
      method &&
      html`<fieldset class="method-config">
        <legend>${method.title || method.name} settings</legend>
        <${SchemaFields} schema=${method.config_schema} values=${values} onChange=${setValues} idPrefix="config" />
      </fieldset>`
    }
    ${
      problem &&
      html`<div class="error" role="alert" id="form-problem">
        <p>${problem.message}</p>
        ${
          problem.errors.length > 0 &&
          html`<ul>
            ${problem.errors.map((m) => html`<li>${m}</li>`)}
          </ul>`
        }
      </div>`
    }
    <div class="actions">
      <button type="submit" class="primary" disabled=${busy || !method}>
        ${busy ? 'Creating…' : 'Create notification'}
      </button>
      <button type="button" onClick=${props.onCancel}>Cancel</button>
    </div>
  </form>`;
}
