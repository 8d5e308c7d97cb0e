import { randomBytes } from 'node:crypto';

/**
 * A complete RFC 5322 message for one event mail, composed here rather than by nodemailer's MailComposer: that one
 * builds a stream pipeline per MIME node and about doubles the CPU of every mail (the bench's e-mail scenario), while
 * this is two base64 bodies and a few headers. nodemailer still does all of SMTP (pool, TLS, AUTH, dot-stuffing).
 */
export interface MimeMail {
  /** The From header: "Name <address>" or a bare address. */
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers; names are ASCII tokens chosen by the plugin, values anything. */
  headers: Record<string, string>;
  /** Right-hand side of the Message-ID. */
  domain: string;
  date?: Date;
}

const LINE = 76;
/** Printable ASCII: a header value that needs no encoding. */
const PLAIN = /^[\x20-\x7e]*$/;

/** Base64 in lines of 76 characters (RFC 2045). */
function base64Body(value: string): string {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += LINE) lines.push(b64.slice(i, i + LINE));
  return lines.join('\r\n');
}

/** RFC 2047 encoded words of at most 45 bytes of UTF-8 each (60 base64 characters), whole characters only. */
function encodedWords(value: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/**
 * A header value from anywhere (a payload's summary line included): line breaks cannot start a header of their own,
 * plain ASCII is folded at spaces, anything else is encoded.
 */
export function headerValue(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  if (!PLAIN.test(flat)) return encodedWords(flat);
  const words = flat.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > LINE - 10) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  lines.push(line);
  return lines.join('\r\n ');
}

/** "Name <a@b>" with the name encoded when it is not plain ASCII; a bare address as it is. */
export function addressHeader(mailbox: string): string {
  const m = /^(.*?)\s*<([^<>\s]+)>$/.exec(mailbox.trim());
  if (!m || !m[1]) return m ? m[2] : mailbox.trim();
  // A name already quoted is unquoted first, so it is quoted once.
  const name = /^"(.*)"$/.exec(m[1])?.[1].replace(/\\(.)/g, '$1') ?? m[1];
  const shown = PLAIN.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodedWords(name);
  return `${shown} <${m[2]}>`;
}

/** The bare address of a From value, for the SMTP envelope. */
export function envelopeAddress(mailbox: string): string {
  return /<([^<>\s]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox.trim();
}

export function composeMime(mail: MimeMail): Buffer {
  // One draw for both: a random call costs more than the bytes.
  const random = randomBytes(28).toString('hex');
  const boundary = `herald-${random.slice(0, 24)}`;
  const headers = [
    `From: ${addressHeader(mail.from)}`,
    `To: ${addressHeader(mail.to)}`,
    `Subject: ${headerValue(mail.subject)}`,
    `Date: ${(mail.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${random.slice(24)}@${mail.domain}>`,
    ...Object.entries(mail.headers).map(([name, value]) => `${name}: ${headerValue(value)}`),
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) => [
    `--${boundary}`,
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(body),
  ];
  return Buffer.from(
    [...headers, '', ...part('text/plain', mail.text), ...part('text/html', mail.html), `--${boundary}--`, ''].join(
      '\r\n',
    ),
    'utf8',
  );
}
