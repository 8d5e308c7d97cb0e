// The catalogue's kinds and filter rules come from @herald/events' import-free files, so they cannot drift.
import { allowedFilterKeys } from '../../../libs/events/src/event-filter-keys';
import { EVENT_KINDS, type EventKind } from '../../../libs/events/src/event-kind';
import { VULNERABILITY_PRIORITIES } from '../../../libs/events/src/vulnerability-priority';

export { allowedFilterKeys, EVENT_KINDS, type EventKind };

/** How each filter key is asked for (the REST API's `eventConfig`). */
export const FILTER_FIELDS: Record<
  string,
  { label: string; hint: string; options?: { value: string; label: string }[] }
> = {
  'tag-regex': { label: 'Tag pattern', hint: 'Only tags matching this regular expression, e.g. ^v[0-9]+' },
  'ref-regex': { label: 'Git ref pattern', hint: 'Only builds of refs matching this, e.g. heads/main' },
  level: {
    label: 'Minimum severity',
    hint: 'That priority or worse',
    options: Object.entries(VULNERABILITY_PRIORITIES).map(([name, index]) => ({ value: String(index), label: name })),
  },
  days: { label: 'Days before expiry', hint: 'Images expiring within this many days' },
};

export function eventLabel(kind: string): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
