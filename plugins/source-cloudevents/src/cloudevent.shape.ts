import {
  parseSourceJson,
  parseSourceJsonValue,
  sourceArray,
  sourceObject,
  SourceInputError,
  sourceString,
} from '@herald/plugin-sdk';
import type { SourceRequest } from '@herald/plugin-sdk';

/** One CloudEvent 1.0, in whichever mode it came: the context attributes Herald reads and its data. */
export interface CloudEvent {
  id: string;
  source: string;
  type: string;
  time?: string;
  subject?: string;
  /** The data as JSON (an object for zot); undefined when the event has none. */
  data: unknown;
}

export const STRUCTURED = 'application/cloudevents+json';
export const BATCH = 'application/cloudevents-batch+json';

function mediaType(headers: SourceRequest['headers']): string {
  return (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function isJsonType(type: string): boolean {
  return type === '' || type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

function parseJsonText(text: string, path: string): unknown {
  return parseSourceJsonValue(Buffer.from(text, 'utf8'), path);
}

function checkSpecVersion(version: string | undefined, path: string): void {
  if (version !== '1.0') throw new SourceInputError(`${path} must be "1.0", got ${JSON.stringify(version)}`);
}

/** Structured mode: attributes and data in one JSON object (`data`, or `data_base64` for binary data). */
function structured(value: unknown, path: string): CloudEvent {
  const e = sourceObject(value, path || 'body');
  const field = (key: string) => (path ? `${path}.${key}` : key);
  checkSpecVersion(e.specversion as string | undefined, field('specversion'));
  const contentType = (sourceString(e, 'datacontenttype', path, true) ?? '').split(';')[0].trim().toLowerCase();
  let data = e.data;
  if (typeof e.data_base64 === 'string') {
    data = parseJsonText(Buffer.from(e.data_base64, 'base64').toString('utf8'), field('data_base64'));
  } else if (typeof data === 'string' && contentType !== '' && isJsonType(contentType)) {
    // A JSON text carried as a string: what some SDKs send for data they did not parse.
    data = parseJsonText(data, field('data'));
  }
  return {
    id: sourceString(e, 'id', path) as string,
    source: sourceString(e, 'source', path) as string,
    type: sourceString(e, 'type', path) as string,
    time: sourceString(e, 'time', path, true),
    subject: sourceString(e, 'subject', path, true),
    data,
  };
}

/** Binary mode: attributes in `ce-*` headers (percent-encoded over HTTP), the data as the body. */
function binary(request: SourceRequest): CloudEvent {
  const attribute = (name: string, optional = false): string | undefined => {
    const raw = request.headers[`ce-${name}`];
    if (raw === undefined || raw === '') {
      if (optional) return undefined;
      throw new SourceInputError(`header ce-${name} is required in binary mode`);
    }
    try {
      return decodeURIComponent(raw);
    } catch {
      throw new SourceInputError(`header ce-${name} is not percent-encoded UTF-8`);
    }
  };
  checkSpecVersion(attribute('specversion'), 'header ce-specversion');
  const type = mediaType(request.headers);
  if (!isJsonType(type)) throw new SourceInputError(`binary-mode data must be JSON, got content-type ${type}`);
  return {
    id: attribute('id') as string,
    source: attribute('source') as string,
    type: attribute('type') as string,
    time: attribute('time', true),
    subject: attribute('subject', true),
    data: request.body.length ? parseSourceJsonValue(request.body) : undefined,
  };
}

/**
 * The CloudEvents of a request: binary mode when a `ce-specversion` header is present, a batch for the batch media
 * type, and otherwise one structured event (also when there is no content type, as on NATS).
 */
export function readCloudEvents(request: SourceRequest): CloudEvent[] {
  if (request.headers['ce-specversion'] !== undefined) return [binary(request)];
  if (mediaType(request.headers) === BATCH) {
    return sourceArray(parseSourceJsonValue(request.body), 'body').map((e, i) => structured(e, `[${i}]`));
  }
  return [structured(parseSourceJson(request.body), '')];
}
