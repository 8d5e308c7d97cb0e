import { headers, JetStreamClient, JsMsg } from 'nats';
import {
  DEAD_LETTER_EVENTS_SUBJECT,
  HEADER_DEAD_LETTER_REASON,
  HEADER_ORIGINAL_MSG_ID,
  HEADER_ORIGINAL_SEQUENCE,
  HEADER_ORIGINAL_SUBJECT,
} from './subjects.constants';

/** Header values must stay on one line and be reasonably small. */
function headerSafe(value: string, max = 2048): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Parks an event that cannot be handled: the original bytes unchanged, the reason and origin in headers. The publish is
 * de-duplicated on the original stream sequence, so a redelivered bad message is parked once.
 */
export async function publishDeadLetter(js: JetStreamClient, msg: JsMsg, reason: string): Promise<void> {
  const h = headers();
  h.set(HEADER_DEAD_LETTER_REASON, headerSafe(reason));
  h.set(HEADER_ORIGINAL_SUBJECT, msg.subject);
  h.set(HEADER_ORIGINAL_SEQUENCE, String(msg.seq));
  const msgId = msg.headers?.get('Nats-Msg-Id');
  if (msgId) h.set(HEADER_ORIGINAL_MSG_ID, headerSafe(msgId, 256));
  await js.publish(DEAD_LETTER_EVENTS_SUBJECT, msg.data, { headers: h, msgID: `dlq-${msg.info.stream}-${msg.seq}` });
}
