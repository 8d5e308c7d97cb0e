import { html } from 'htm/preact';
import type { JsonSchema } from './api.types';
import { fieldKind, type FormValues, inputType, labelOf, typeOf } from './schema-values';

interface FieldsProps {
  schema: JsonSchema;
  values: FormValues;
  onChange: (values: FormValues) => void;
  /** Makes the ids unique when forms nest (`config-target-kind`). */
  idPrefix: string;
}

/** The inputs for one object schema, nested objects as fieldsets: the plugin's declaration is the whole layout. */
export function SchemaFields({ schema, values, onChange, idPrefix }: FieldsProps) {
  const required = new Set(schema.required ?? []);
  const set = (key: string, value: FormValues[string]) => onChange({ ...values, [key]: value });
  return html`${Object.entries(schema.properties ?? {}).map(([key, field]) => {
    const id = `${idPrefix}-${key}`;
    const label = labelOf(key, field);
    const kind = fieldKind(field);
    const hintId = field.description ? `${id}-hint` : undefined;
    const hint = field.description && html`<small id=${hintId} class="hint">${field.description}</small>`;
    const mark = required.has(key) ? html`<span class="required" aria-hidden="true">*</span>` : '';
    const raw = values[key];
    const text = typeof raw === 'string' ? raw : '';
    const onText = (e: Event) => set(key, (e.target as HTMLInputElement).value);

    if (kind === 'object') {
      return html`<fieldset key=${key} class="nested">
        <legend>${label}${mark}</legend>
        ${hint}
        <${SchemaFields}
          schema=${field}
          values=${(raw as FormValues) ?? {}}
          onChange=${(v: FormValues) => set(key, v)}
          idPrefix=${id}
        />
      </fieldset>`;
    }
    if (kind === 'boolean') {
      return html`<div key=${key} class="field checkbox">
        <input
          id=${id}
          type="checkbox"
          checked=${raw === true}
          aria-describedby=${hintId}
          onChange=${(e: Event) => set(key, (e.target as HTMLInputElement).checked)}
        />
        <label for=${id}>${label}</label>
        ${hint}
      </div>`;
    }
    let input;
    if (kind === 'enum') {
      input = html`<select
        id=${id}
        value=${text}
        onChange=${onText}
        required=${required.has(key)}
        aria-describedby=${hintId}
      >
        ${!required.has(key) || field.default === undefined ? html`<option value="">— choose —</option>` : ''}
        ${(field.enum ?? []).map((o) => html`<option value=${String(o)}>${String(o)}</option>`)}
      </select>`;
    } else if (kind === 'string-list' || kind === 'string-map' || kind === 'json') {
      const placeholder =
        kind === 'string-list' ? 'One per line' : kind === 'string-map' ? 'Name: value, one per line' : '{ }';
      input = html`<textarea
        id=${id}
        rows="3"
        value=${text}
        onInput=${onText}
        placeholder=${placeholder}
        aria-describedby=${hintId}
        spellcheck="false"
      ></textarea>`;
    } else {
      const number = kind === 'number';
      input = html`<input
        id=${id}
        type=${number ? 'number' : inputType(field)}
        step=${number ? (typeOf(field) === 'integer' ? '1' : 'any') : undefined}
        min=${field.minimum}
        max=${field.maximum}
        value=${text}
        onInput=${onText}
        required=${required.has(key)}
        autocomplete=${field.writeOnly ? 'off' : undefined}
        aria-describedby=${hintId}
        spellcheck="false"
      />`;
    }
    return html`<div key=${key} class="field">
      <label for=${id}>${label}${mark}${field.writeOnly ? html` <span class="secret">secret</span>` : ''}</label>
      ${input} ${hint}
    </div>`;
  })}`;
}
