import type { InAppTarget } from '@herald/plugin-sdk';
import type { Actor } from '../permissions/actor';
import type { InboxItem } from './inbox-item.schema';

/** An in-app notification as the user's API and the stream show it (Quay's shape plus target, summary, link). */
export interface InboxItemView {
  id: string;
  kind: string;
  created: string;
  metadata: Record<string, unknown>;
  dismissed: boolean;
  organization: string | null;
  target: InAppTarget;
  summary: string;
  link: string | null;
}

export interface InboxPage {
  notifications: InboxItemView[];
  page: number;
  has_additional: boolean;
  /** Undismissed ones visible to the bearer, all pages together. */
  unread: number;
}

/** The organization a target belongs to: the org itself, or a team's org; a user belongs to none. */
export function organizationOf(target: InAppTarget): string | null {
  if (target.kind === 'org') return target.name;
  if (target.kind === 'team') return target.name.split('/')[0];
  return null;
}

export function toInboxView(item: InboxItem, dismissed: boolean): InboxItemView {
  const target = { kind: item.target_kind, name: item.target_name } as InAppTarget;
  return {
    id: item._id.toHexString(),
    kind: item.kind,
    created: item.created.toISOString(),
    metadata: JSON.parse(item.metadata_json) as Record<string, unknown>,
    dismissed,
    organization: organizationOf(target),
    target,
    summary: item.summary,
    link: item.link,
  };
}

/** Who the actor is to the inbox: their own name, and the teams and organizations their token says they are in. */
export function audienceOf(actor: Actor): InAppTarget[] {
  return [
    { kind: 'user', name: actor.id },
    ...(actor.teams ?? []).map((name) => ({ kind: 'team' as const, name })),
    ...(actor.orgs ?? []).map((name) => ({ kind: 'org' as const, name })),
  ];
}

/** Whether the actor sees an item for that target: the stream hub's check, the same rule as visibleFilter. */
export function isInAudience(actor: Actor, target: InAppTarget): boolean {
  return audienceOf(actor).some((t) => t.kind === target.kind && t.name === target.name);
}

/** The MongoDB filter of the items (or dismissals: they carry the target too) the actor sees. */
export function visibleFilter(actor: Actor): Record<string, unknown> {
  const byKind = new Map<string, string[]>();
  for (const t of audienceOf(actor)) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t.name]);
  return {
    $or: [...byKind].map(([kind, names]) => ({ target_kind: kind, target_name: { $in: names } })),
  };
}
