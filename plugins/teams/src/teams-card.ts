import type { EventLevel } from '@herald/events';
import { EventMessage, truncateText } from '@herald/plugin-sdk';

/** Teams refuses a message over 28 KB; the margin leaves room for the workflow's own wrapping. */
export const TEAMS_MAX_BYTES = 26 * 1024;
/** Past this a fact stops being a fact; the link leads to the rest. */
export const FACT_VALUE_MAX = 1000;
export const FACTS_MAX = 20;

/** How each level looks: a Container style (the coloured band) and a TextBlock colour, both Adaptive Card 1.2+. */
const LEVEL_LOOK: Record<EventLevel, { label: string; style: string; color: string }> = {
  error: { label: 'Error', style: 'attention', color: 'Attention' },
  warning: { label: 'Warning', style: 'warning', color: 'Warning' },
  success: { label: 'Success', style: 'good', color: 'Good' },
  primary: { label: 'Notice', style: 'accent', color: 'Accent' },
  info: { label: 'Info', style: 'emphasis', color: 'Default' },
};

export interface TeamsFact {
  title: string;
  value: string;
}

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.4';
  fallbackText: string;
  msteams: { width: 'Full' };
  body: Record<string, unknown>[];
  actions: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

/** The envelope Teams workflows ("when a Teams webhook request is received") and incoming webhooks accept. */
export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }];
}

function card(message: EventMessage, facts: TeamsFact[], test: boolean): TeamsMessage {
  const look = LEVEL_LOOK[message.level];
  const kind = test ? `${message.title} (a test notification)` : message.title;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          fallbackText: message.summary,
          msteams: { width: 'Full' },
          body: [
            {
              type: 'Container',
              style: look.style,
              bleed: true,
              items: [
                { type: 'TextBlock', text: message.summary, size: 'Large', weight: 'Bolder', wrap: true },
                {
                  type: 'TextBlock',
                  text: `${look.label} · ${kind}`,
                  color: look.color,
                  weight: 'Bolder',
                  spacing: 'Small',
                  wrap: true,
                },
              ],
            },
            { type: 'FactSet', facts },
          ],
          actions: message.link ? [{ type: 'Action.OpenUrl', title: 'Open in the registry', url: message.link }] : [],
        },
      },
    ],
  };
}

/** The message's size as Teams counts it: UTF-8 bytes of the body sent. */
export const messageBytes = (m: TeamsMessage) => Buffer.byteLength(JSON.stringify(m), 'utf8');

/**
 * The card for one event: the summary as its heading in a band coloured by level, the level and kind under it, the
 * facts, and a button to `homepage`. Facts are cut to FACT_VALUE_MAX and FACTS_MAX, then dropped from the end until the
 * message fits Teams' size limit.
 */
export function teamsMessage(message: EventMessage, opts: { test: boolean }): TeamsMessage {
  const summary = truncateText(message.summary, FACT_VALUE_MAX);
  const facts = message.facts
    .slice(0, FACTS_MAX)
    .map((f) => ({ title: truncateText(f.name, 100), value: truncateText(f.value, FACT_VALUE_MAX) }));
  const fitted = { ...message, summary };
  let out = card(fitted, facts, opts.test);
  while (facts.length && messageBytes(out) > TEAMS_MAX_BYTES) {
    facts.pop();
    out = card(fitted, facts, opts.test);
  }
  return out;
}
