import { EventKind, EventLevel } from '@herald/events';
import { escapeHtml, EventFact, eventMessage, NotificationSnapshot } from '@herald/plugin-sdk';

export interface MailContent {
  subject: string;
  html: string;
  text: string;
}

/** Quay lists a few tags and "(and N more)". */
const MAX_TAGS = 10;

/** Quay's level colours, for the band at the top of the HTML body. */
const LEVEL_COLOUR: Record<EventLevel, string> = {
  info: '#2980b9',
  primary: '#2980b9',
  success: '#27ae60',
  warning: '#e67e22',
  error: '#c0392b',
};

function htmlValue(f: EventFact): string {
  const value = escapeHtml(f.value);
  // eventFacts keeps only http(s) links.
  return f.link ? `<a href="${escapeHtml(f.link)}">${value}</a>` : value;
}

/** A table of facts: mail clients render tables reliably, unlike most CSS layout. */
function htmlBody(heading: string, summary: string, colour: string, facts: EventFact[], footer: string): string {
  const rows = facts
    .map(
      (f) =>
        `<tr><th align="left" valign="top" style="padding:4px 12px 4px 0;color:#555">${escapeHtml(f.name)}</th>` +
        `<td style="padding:4px 0">${htmlValue(f)}</td></tr>`,
    )
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>' + escapeHtml(summary) + '</title></head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    `<div style="border-top:4px solid ${colour};padding-top:8px">`,
    `<h2 style="margin:0 0 4px 0;font-size:18px">${escapeHtml(heading)}</h2>`,
    `<p style="margin:0 0 12px 0">${escapeHtml(summary)}</p>`,
    `<table cellpadding="0" cellspacing="0" border="0">\n${rows}\n</table>`,
    `<p style="margin-top:16px;font-size:12px;color:#777">${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  ].join('\n');
}

function textBody(heading: string, summary: string, facts: EventFact[], footer: string): string {
  const width = Math.max(...facts.map((f) => f.name.length), 0) + 1;
  const lines = facts.map((f) => {
    const linked = f.link && f.link !== f.value ? `${f.value} <${f.link}>` : f.value;
    return `${`${f.name}:`.padEnd(width)} ${linked}`;
  });
  return [heading, '', summary, '', ...lines, '', '-- ', footer, ''].join('\n');
}

/**
 * The mail for one event: subject = the catalogue's summary line (as Quay), an HTML body and its plain-text
 * alternative with the same facts. Everything from the payload is escaped in the HTML.
 */
export function eventMail(
  event: EventKind,
  payload: Record<string, unknown>,
  n: NotificationSnapshot<unknown>,
): MailContent {
  const message = eventMessage(event, payload, { maxTags: MAX_TAGS });
  const { summary, title: heading } = message;
  const colour = LEVEL_COLOUR[message.level] ?? LEVEL_COLOUR.info;
  const facts = message.link
    ? [...message.facts, { name: 'Details', value: message.link, link: message.link }]
    : message.facts;
  const footer =
    `Sent by Herald for the ${n.title ? `notification "${n.title}"` : 'notification'} of repository ` +
    `${n.repository} (${n.uuid}).`;
  return {
    subject: summary,
    html: htmlBody(heading, summary, colour, facts, footer),
    text: textBody(heading, summary, facts, footer),
  };
}

/** Quay's authorization mail: the subject prefixed with the registry's title, the link in both bodies. */
export function confirmationMail(title: string, repository: string, link: string, expiresAt: Date): MailContent {
  const subject = `${title}: Please verify your e-mail address for repository ${repository}`;
  const intro = `Someone asked for notifications of the repository ${repository} to be sent to this address.`;
  const until = `The link works once, until ${expiresAt.toUTCString()}. If you did not ask for this, ignore this mail.`;
  return {
    subject,
    html: [
      '<!DOCTYPE html>',
      `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
      '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
      `<p>${escapeHtml(intro)}</p>`,
      `<p><a href="${escapeHtml(link)}">Confirm this address for ${escapeHtml(repository)}</a></p>`,
      `<p style="font-size:12px;color:#777">${escapeHtml(until)}</p>`,
      '</body></html>',
    ].join('\n'),
    text: [intro, '', `Confirm it by opening: ${link}`, '', until, ''].join('\n'),
  };
}
