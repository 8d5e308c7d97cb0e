/** One CLI command: how its arguments become an API request. */
export interface CliCommand {
  usage: string;
  /** Positional arguments it needs. */
  args: string[];
  /** Options it takes (all strings), and which of them are required. */
  options?: Record<string, { required?: boolean; json?: boolean }>;
  request(a: Record<string, string>, o: Record<string, unknown>): { method: string; path: string; body?: unknown };
}

const repoPath = (repository: string) => {
  const [namespace, name, ...rest] = repository.split('/');
  if (!namespace || !name || rest.length)
    throw new UsageError(`repository must be namespace/name, got "${repository}"`);
  return `/api/v1/repository/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
};
const notification = (a: Record<string, string>) =>
  `${repoPath(a.repository)}/notification/${encodeURIComponent(a.uuid)}`;

export class UsageError extends Error {}

/** Every command maps onto one REST call, so the CLI gets the same validation and permission checks as HTTP clients. */
export const COMMANDS: Record<string, CliCommand> = {
  'notifications list': {
    usage: 'notifications list <namespace/repo>',
    args: ['repository'],
    request: (a) => ({ method: 'GET', path: `${repoPath(a.repository)}/notification/` }),
  },
  'notifications get': {
    usage: 'notifications get <namespace/repo> <uuid>',
    args: ['repository', 'uuid'],
    request: (a) => ({ method: 'GET', path: notification(a) }),
  },
  'notifications create': {
    usage:
      'notifications create <namespace/repo> --event <kind> --method <method> --config <json> [--event-config <json>] [--title <text>]',
    args: ['repository'],
    options: {
      event: { required: true },
      method: { required: true },
      config: { required: true, json: true },
      'event-config': { json: true },
      title: {},
    },
    request: (a, o) => ({
      method: 'POST',
      path: `${repoPath(a.repository)}/notification/`,
      body: {
        event: o.event,
        method: o.method,
        config: o.config,
        eventConfig: o['event-config'] ?? {},
        title: o.title,
      },
    }),
  },
  'notifications delete': {
    usage: 'notifications delete <namespace/repo> <uuid>',
    args: ['repository', 'uuid'],
    request: (a) => ({ method: 'DELETE', path: notification(a) }),
  },
  'notifications reset': {
    usage: 'notifications reset <namespace/repo> <uuid>',
    args: ['repository', 'uuid'],
    request: (a) => ({ method: 'POST', path: notification(a) }),
  },
  'notifications test': {
    usage: 'notifications test <namespace/repo> <uuid>',
    args: ['repository', 'uuid'],
    request: (a) => ({ method: 'POST', path: `${notification(a)}/test` }),
  },
  'deliveries list': {
    usage: 'deliveries list <namespace/repo> <uuid> [--status <status>] [--limit <n>]',
    args: ['repository', 'uuid'],
    options: { status: {}, limit: {} },
    request: (a, o) => {
      const q = new URLSearchParams();
      if (o.status) q.set('status', String(o.status));
      if (o.limit) q.set('limit', String(o.limit));
      return { method: 'GET', path: `${notification(a)}/deliveries${q.size ? `?${q}` : ''}` };
    },
  },
  'deliveries get': {
    usage: 'deliveries get <namespace/repo> <uuid> <delivery-id>',
    args: ['repository', 'uuid', 'delivery'],
    request: (a) => ({ method: 'GET', path: `${notification(a)}/deliveries/${encodeURIComponent(a.delivery)}` }),
  },
  'deliveries redeliver': {
    usage: 'deliveries redeliver <namespace/repo> <uuid> <delivery-id>',
    args: ['repository', 'uuid', 'delivery'],
    request: (a) => ({
      method: 'POST',
      path: `${notification(a)}/deliveries/${encodeURIComponent(a.delivery)}/redeliver`,
    }),
  },
  'deliveries redeliver-since': {
    usage: 'deliveries redeliver-since <namespace/repo> <uuid> <iso-time>',
    args: ['repository', 'uuid', 'since'],
    request: (a) => ({ method: 'POST', path: `${notification(a)}/deliveries/redeliver`, body: { since: a.since } }),
  },
  logs: {
    usage: 'logs <namespace/repo>',
    args: ['repository'],
    request: (a) => ({ method: 'GET', path: `${repoPath(a.repository)}/logs` }),
  },
  'tokens create': {
    usage: 'tokens create --name <name> --access <json> [--expires-at <iso-time>]',
    args: [],
    options: { name: { required: true }, access: { required: true, json: true }, 'expires-at': {} },
    request: (_a, o) => ({
      method: 'POST',
      path: '/api/v1/tokens',
      body: { name: o.name, access: o.access, expiresAt: o['expires-at'] },
    }),
  },
  'tokens list': { usage: 'tokens list', args: [], request: () => ({ method: 'GET', path: '/api/v1/tokens' }) },
  'secrets rotate': {
    usage: 'secrets rotate   (superusers: seal every stored secret under the first HERALD_ENCRYPTION_KEYS key)',
    args: [],
    request: () => ({ method: 'POST', path: '/api/v1/admin/secrets/rotate' }),
  },
  'tokens revoke': {
    usage: 'tokens revoke <id>',
    args: ['id'],
    request: (a) => ({ method: 'DELETE', path: `/api/v1/tokens/${encodeURIComponent(a.id)}` }),
  },
};
