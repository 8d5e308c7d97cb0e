import type { EventLevel } from '@herald/events';
import { EventMessage, truncateText } from '@herald/plugin-sdk';

/** Discord's documented embed limits (characters). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, footer and author together. */
  total: 6000,
} as const;

/** Discord's own palette, so the stripe reads like Discord's red, yellow, green, blurple and grey. */
export const LEVEL_COLOURS: Record<EventLevel, number> = {
  error: 0xed4245,
  warning: 0xfee75c,
  success: 0x57f287,
  primary: 0x5865f2,
  info: 0x99aab5,
};

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline: boolean;
}

export interface DiscordEmbed {
  title: string;
  url?: string;
  description: string;
  color: number;
  fields: DiscordEmbedField[];
  footer: { text: string };
  timestamp: string;
}

export interface DiscordMessage {
  /** Nothing in an event may ping anyone. */
  allowed_mentions: { parse: [] };
  embeds: [DiscordEmbed];
}

const INLINE_UP_TO = 40;
const isUrl = (text: string) => /^https?:\/\/\S+$/.test(text);
/** Registry text such as `fix_the_build` must not turn into italics; links stay clickable, so they are left alone. */
const plain = (text: string) => (isUrl(text) ? text : text.replace(/([\\*_~`|])/g, '\\$1'));

/**
 * The fields that fit: each within its own limits, and all of them within what the rest of the embed left of the
 * total. A field that no longer fits whole is cut, and the ones after it are dropped.
 */
function fitFields(message: EventMessage, budget: number): DiscordEmbedField[] {
  const fields: DiscordEmbedField[] = [];
  for (const fact of message.facts.slice(0, DISCORD_LIMITS.fields)) {
    const name = truncateText(fact.name, DISCORD_LIMITS.fieldName);
    const room = Math.min(DISCORD_LIMITS.fieldValue, budget - name.length);
    // Less than a few characters of a value says nothing.
    if (room < 8) break;
    const value = truncateText(plain(fact.value), room);
    fields.push({ name, value, inline: value.length <= INLINE_UP_TO });
    budget -= name.length + value.length;
  }
  return fields;
}

/** The execute-webhook body for one event: one embed, titled by the summary, linked to `homepage`, coloured by level. */
export function discordMessage(message: EventMessage, opts: { test: boolean; at: Date }): DiscordMessage {
  const title = truncateText(message.summary, DISCORD_LIMITS.title);
  const description = truncateText(
    opts.test ? `${message.title} (a test notification)` : message.title,
    DISCORD_LIMITS.description,
  );
  const footer = { text: 'Herald' };
  const fields = fitFields(message, DISCORD_LIMITS.total - title.length - description.length - footer.text.length);
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title,
        ...(message.link ? { url: message.link } : {}),
        description,
        color: LEVEL_COLOURS[message.level],
        fields,
        footer,
        timestamp: opts.at.toISOString(),
      },
    ],
  };
}

/** The characters Discord counts against the total of 6000. */
export function embedLength(embed: DiscordEmbed): number {
  return (
    embed.title.length +
    embed.description.length +
    embed.footer.text.length +
    embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
