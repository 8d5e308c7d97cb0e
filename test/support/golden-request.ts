import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventKind } from '@herald/events';

export interface GoldenRequest {
  method: string;
  /** Path and query below the action's base URL. */
  path: string;
  body: string;
}

/** A plugin's checked-in golden request for an event kind's sample (plugins/<plugin>/golden/<kind>.http). */
export function goldenRequest(plugin: string, kind: EventKind): GoldenRequest {
  const text = readFileSync(join(__dirname, '..', '..', 'plugins', plugin, 'golden', `${kind}.http`), 'utf8');
  const split = text.indexOf('\n\n');
  const [method, path] = text.slice(0, split).split(' ');
  return { method, path, body: text.slice(split + 2) };
}
