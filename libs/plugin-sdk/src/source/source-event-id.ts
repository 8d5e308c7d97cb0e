import { createHash } from 'node:crypto';

/**
 * An event id built from the fields that identify what a registry sent, for registries that send no id of their own
 * (Harbor) or for an event merged from several: the same parts give the same id, so a retried request is de-duplicated
 * by its Nats-Msg-Id. The parts are joined with a separator no field holds, so ("a b", "c") and ("a", "b c") differ.
 */
export function sourceEventId(prefix: string, parts: readonly string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}
