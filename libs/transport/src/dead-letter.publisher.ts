import { headers, JetStreamClient, JsMsg, MsgHdrs } from 'nats';
import {
  DEAD_LETTER_EVENTS_SUBJECT,
  HEADER_DEAD_LETTER_REASON,
  HEADER_ORIGINAL_MSG_ID,
  HEADER_ORIGINAL_SEQUENCE,
  HEADER_ORIGINAL_SUBJECT,
} from './subjects.constants';

/** A stored message to park: taken from a delivered JsMsg, or read back from its stream by sequence. */
export interface ParkedOriginal {
  subject: string;
  data: Uint8Array;
  stream: string;
  seq: number;
  headers?: MsgHdrs;
}

export function originalOf(msg: JsMsg): ParkedOriginal {
  return { subject: msg.subject, data: msg.data, stream: msg.info.stream, seq: msg.seq, headers: msg.headers };
}

/** Header values must stay on one line and be reasonably small. */
function headerSafe(value: string, max = 2048): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Parks a message that cannot be handled: the original bytes unchanged, the reason and origin in headers. The publish is
 * de-duplicated on the original stream and sequence, so a message parked twice (a redelivery, an advisory) is kept once.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  original: JsMsg | ParkedOriginal,
  reason: string,
  subject = DEAD_LETTER_EVENTS_SUBJECT,
): Promise<void> {
  const o = 'info' in original ? originalOf(original) : original;
  const h = headers();
  h.set(HEADER_DEAD_LETTER_REASON, headerSafe(reason));
  h.set(HEADER_ORIGINAL_SUBJECT, o.subject);
  h.set(HEADER_ORIGINAL_SEQUENCE, String(o.seq));
  const msgId = o.headers?.get('Nats-Msg-Id');
  if (msgId) h.set(HEADER_ORIGINAL_MSG_ID, headerSafe(msgId, 256));
  await js.publish(subject, o.data, { headers: h, msgID: `dlq-${o.stream}-${o.seq}` });
}
