import { EVENTS_SUBJECT_PREFIX } from '@herald/transport';

/** Subjects Herald itself publishes on (or NATS reserves): a source reading them would read back its own output. */
const RESERVED = [EVENTS_SUBJECT_PREFIX, 'herald', '$JS', '$SYS', '_INBOX'];

/** Whether `subject` takes any message under `prefix.>`, token by token, with its wildcards. */
function overlaps(subject: string[], prefix: string[]): boolean {
  for (const [i, own] of prefix.entries()) {
    const t = subject[i];
    if (t === '>') return true;
    if (t === undefined || (t !== '*' && t !== own)) return false;
  }
  return true;
}

/** Refuses what is not a subject ("zot.events", "zot.>") or would overlap Herald's own; `variable` names the setting. */
export function checkSourceSubject(variable: string, subject: string): void {
  const tokens = subject.split('.');
  const wellFormed = tokens.every((t) => t === '*' || t === '>' || /^[^\s*>]+$/.test(t));
  if (!wellFormed || tokens.slice(0, -1).includes('>')) {
    throw new Error(`${variable}: "${subject}" is not a NATS subject`);
  }
  const reserved = RESERVED.find((prefix) => overlaps(tokens, prefix.split('.')));
  if (reserved) throw new Error(`${variable}: "${subject}" overlaps ${reserved}.>, where Herald publishes`);
}
