import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE, EVENT_KINDS, EventKind } from '@herald/events';
import type { ActionPlugin } from '../action-plugin.interface';
import { configureOutboundPolicy, parseOutboundPolicy } from '../http/outbound-policy';
import { RecordedRequest, recordingTarget } from './recording-target';

export interface GoldenRequestsCheck<C extends object> {
  plugin: ActionPlugin<C>;
  /** A config whose deliveries go to `baseUrl` (plugins with a deployment-wide base URL point that setting there). */
  configFor(baseUrl: string): C;
  /** The folder of the golden files, one `<event>.http` per event kind. */
  dir: string;
  /** The notification's repository (default: the samples' own). */
  repository?: string;
}

/** What a golden file holds: the request line's method and path with query, a blank line, then the body bytes. */
export function goldenTextOf(request: RecordedRequest, baseUrl: string): string {
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : request.path;
  return `${request.method} ${path}\n\n${request.body}`;
}

/** UPDATE_GOLDEN=1 writes the files instead of comparing: review them before checking them in. */
export const UPDATING_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/**
 * Delivers every event kind's catalogue sample through the plugin to a loopback receiver and compares each request
 * (method, path and query, body) byte for byte with `<dir>/<event>.http`. A missing golden file is a mismatch. Returns
 * the mismatches, empty when every request is as checked in.
 */
export async function goldenRequestMismatches<C extends object>(c: GoldenRequestsCheck<C>): Promise<string[]> {
  const previous = configureOutboundPolicy(parseOutboundPolicy('127.0.0.1'));
  const target = await recordingTarget();
  const problems: string[] = [];
  try {
    for (const kind of EVENT_KINDS) {
      const got = await render(c, kind, target);
      if (typeof got !== 'string') {
        problems.push(`${kind}: ${got.problem}`);
        continue;
      }
      const file = join(c.dir, `${kind}.http`);
      if (UPDATING_GOLDEN) {
        mkdirSync(c.dir, { recursive: true });
        writeFileSync(file, got);
        continue;
      }
      let want: string;
      try {
        want = readFileSync(file, 'utf8');
      } catch {
        problems.push(`${kind}: no golden file ${file} (run with UPDATE_GOLDEN=1 to write it, then review it)`);
        continue;
      }
      if (got !== want) problems.push(`${kind}: the request differs from ${file}:\n--- want\n${want}\n--- got\n${got}`);
    }
  } finally {
    await target.close();
    configureOutboundPolicy(previous);
  }
  return problems;
}

async function render<C extends object>(
  c: GoldenRequestsCheck<C>,
  kind: EventKind,
  target: Awaited<ReturnType<typeof recordingTarget>>,
): Promise<string | { problem: string }> {
  const before = target.requests.length;
  const baseUrl = `${target.url}/golden`;
  const eventId = `golden-${kind}`;
  const uuid = randomUUID();
  const outcome = await c.plugin.deliver(
    {
      deliveryId: `${eventId}:${uuid}`,
      eventId,
      event: kind,
      payload: EVENT_CATALOGUE[kind].sample as Record<string, unknown>,
      notification: {
        uuid,
        repository: c.repository ?? String(EVENT_CATALOGUE[kind].sample.repository),
        event: kind,
        method: c.plugin.method,
        config: c.configFor(baseUrl),
        event_config: {},
        title: null,
      },
      attempt: 1,
      test: false,
    },
    { signal: AbortSignal.timeout(10_000), timeoutMs: 10_000 },
  );
  if (outcome.status !== 'delivered') return { problem: `outcome ${JSON.stringify(outcome)}, expected delivered` };
  const sent = target.requests.slice(before);
  if (sent.length !== 1) return { problem: `${sent.length} requests, expected 1` };
  return goldenTextOf(sent[0], baseUrl);
}
