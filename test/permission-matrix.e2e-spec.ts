import { randomUUID } from 'node:crypto';
import { Command, Query } from '@nestjs/cqrs';
import { SignJWT, UnsecuredJWT } from 'jose';
import * as auth from '@herald/auth';
import * as core from '@herald/core';
import { api, ApiResponse } from './support/api.client';
import { HeraldProcess, startHerald } from './support/herald.process';
import { deliveryOutcomeOf } from './support/delivery-outcome';
import { HttpSink } from './support/http-sink';
import { SmtpSink } from './support/smtp-sink';
import { jwtFor, TEST_JWT_SECRET } from './support/jwt.tokens';
import { createPublishToken, distributionEvent } from './support/source-ingest';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/**
 * Every HTTP route of the API against every kind of caller, on one running Herald. The expected status of each cell
 * is written down in TABLE below; the completeness tests at the end fail when a route in the OpenAPI document or a
 * command/query class exported by @herald/core or @herald/auth is missing from the matrix.
 */

const REPO = 'acme/web';
/** Another repository of the same namespace. */
const OTHER_REPO = 'acme/api';
const NS = 'acme';

const admin = (name: string) => [{ type: 'repository', name, actions: ['pull', 'push', 'admin'] }];
const namespaceAdmin = (name: string) => [{ type: 'namespace', name, actions: ['admin'] }];

// ---------------------------------------------------------------------------------------------------------------
// The actors, in the column order of TABLE.
// ---------------------------------------------------------------------------------------------------------------

const ACTORS = [
  // Not authenticated: 401 whatever the route.
  'anonymous', // no Authorization header
  'badSignature', // a superuser JWT signed with another secret
  'expired', // a superuser JWT that expired an hour ago
  'algNone', // an unsigned (alg: none) superuser JWT
  'revokedToken', // an API token scoped to acme/web, revoked
  // Authenticated, not an admin of acme/web: 403 on its routes.
  'otherRepoAdmin', // admin of acme/api
  'otherNsAdmin', // namespace admin of globex
  'pushPull', // pull and push on acme/web, no admin
  'starRepoClaim', // admin of a *repository* literally named "acme/*" (not a namespace grant)
  'tokenElsewhere', // an API token scoped to acme/api
  // Admins of acme/web.
  'nsAdmin', // namespace admin of acme
  'repoAdmin', // admin of acme/web
  'superuser', // superuser claim, no access claims
  'token', // an API token scoped to acme/web
  // A publish token (source claims only): it reaches the ingest route and nothing else.
  'publishToken',
] as const;
type ActorName = (typeof ACTORS)[number];

/** Why each unauthenticated actor is refused: the 401 must be for that reason, not another one. */
const REFUSAL_REASON: Partial<Record<ActorName, RegExp>> = {
  anonymous: /missing bearer token/,
  badSignature: /invalid token signature/,
  expired: /token expired/,
  algNone: /token algorithm not accepted/,
  revokedToken: /API token revoked/,
};

// ---------------------------------------------------------------------------------------------------------------
// The routes: how each cell calls it, and which command or query it sends on the bus.
// ---------------------------------------------------------------------------------------------------------------

/** What the cells need: made in beforeAll, read by the routes' request builders. */
interface Fixtures {
  /** A webhook notification of acme/web, with one delivered test delivery. */
  uuid: string;
  deliveryId: string;
  /** A webhook notification of acme/api. */
  otherUuid: string;
  /** An address asked for in acme/web (its confirmation mailed to the SMTP sink). */
  email: string;
  /** The bearer token of each actor (none for anonymous) and its actor id (what the audit log names). */
  bearer: Partial<Record<ActorName, string>>;
  actorId: Record<ActorName, string>;
}

interface CellRequest {
  path: string;
  body?: unknown;
  /** Something the request may change, for `verify`. */
  target?: string;
}

type MessageClass = abstract new (...args: never[]) => object;

interface Route {
  verb: 'GET' | 'POST' | 'DELETE';
  /** The path as the OpenAPI document writes it. */
  openapi: string;
  /** The command or query class the route sends. */
  command: MessageClass;
  /** The repository a refusal is audited under (the one the command names). */
  deniedIn?: string;
  request(f: Fixtures): CellRequest | Promise<CellRequest>;
  /** After the call: the refused calls changed nothing, the allowed ones did what they said. */
  verify?(f: Fixtures, req: CellRequest, status: number): Promise<void>;
}

const V1 = '/api/v1';
const REPO_PATH = `${V1}/repository/{namespace}/{repo}`;
const NOTIFICATION_PATH = `${REPO_PATH}/notification/{uuid}`;
const DELIVERIES_PATH = `${NOTIFICATION_PATH}/deliveries`;
const repoPath = (repository: string) => `${V1}/repository/${repository}`;
const notificationPath = (repository: string, uuid: string) => `${repoPath(repository)}/notification/${uuid}`;
const tokenBody = (access: unknown) => ({ name: 'matrix', access });

let herald: HeraldProcess;
let sink: HttpSink;
let smtp: SmtpSink;
const authorizedEmailPath = (repository: string, email: string) => `${repoPath(repository)}/authorizedemail/${email}`;

async function call(verb: string, path: string, token?: string, body?: unknown): Promise<ApiResponse> {
  return api(herald.url, verb, path, { token, body });
}

function webhook(title: string) {
  return { event: 'repo_push', method: 'webhook', config: { url: `${sink.url}/hook` }, eventConfig: {}, title };
}

async function createNotification(repository: string, token: string | undefined, title: string): Promise<string> {
  const res = await call('POST', `${repoPath(repository)}/notification/`, token, webhook(title));
  expect(res).toMatchObject({ status: 201 });
  return (res.body as { uuid: string }).uuid;
}

async function createApiToken(creator: string | undefined, access: unknown): Promise<{ id: string; token: string }> {
  const res = await call('POST', `${V1}/tokens`, creator, tokenBody(access));
  expect(res).toMatchObject({ status: 201 });
  return res.body as { id: string; token: string };
}

const ROUTES = {
  'notification.create': {
    verb: 'POST',
    openapi: `${REPO_PATH}/notification`,
    command: core.CreateNotificationCommand,
    deniedIn: REPO,
    request: () => ({ path: `${repoPath(REPO)}/notification/`, body: webhook('matrix') }),
  },
  'notification.list': {
    verb: 'GET',
    openapi: `${REPO_PATH}/notification`,
    command: core.ListNotificationsQuery,
    deniedIn: REPO,
    request: () => ({ path: `${repoPath(REPO)}/notification/` }),
  },
  'notification.get': {
    verb: 'GET',
    openapi: NOTIFICATION_PATH,
    command: core.GetNotificationQuery,
    deniedIn: REPO,
    request: (f) => ({ path: notificationPath(REPO, f.uuid) }),
  },
  'notification.get: unknown uuid': {
    verb: 'GET',
    openapi: NOTIFICATION_PATH,
    command: core.GetNotificationQuery,
    deniedIn: REPO,
    request: () => ({ path: notificationPath(REPO, randomUUID()) }),
  },
  "notification.get: acme/web's via acme/api": {
    verb: 'GET',
    openapi: NOTIFICATION_PATH,
    command: core.GetNotificationQuery,
    deniedIn: OTHER_REPO,
    request: (f) => ({ path: notificationPath(OTHER_REPO, f.uuid) }),
  },
  'notification.delete': {
    verb: 'DELETE',
    openapi: NOTIFICATION_PATH,
    command: core.DeleteNotificationCommand,
    deniedIn: REPO,
    // A notification of its own per cell, so every admin has one to delete.
    request: async (f) => {
      const uuid = await createNotification(REPO, f.bearer.superuser, 'to delete');
      return { path: notificationPath(REPO, uuid), target: uuid };
    },
    verify: async (f, req, status) => {
      const after = await call('GET', notificationPath(REPO, req.target as string), f.bearer.superuser);
      expect({ after: after.status }).toEqual({ after: status === 204 ? 404 : 200 });
    },
  },
  "notification.delete: acme/web's via acme/api": {
    verb: 'DELETE',
    openapi: NOTIFICATION_PATH,
    command: core.DeleteNotificationCommand,
    deniedIn: OTHER_REPO,
    request: (f) => ({ path: notificationPath(OTHER_REPO, f.uuid) }),
    verify: async (f) => {
      const after = await call('GET', notificationPath(REPO, f.uuid), f.bearer.superuser);
      expect({ after: after.status }).toEqual({ after: 200 });
    },
  },
  'notification.reset': {
    verb: 'POST',
    openapi: NOTIFICATION_PATH,
    command: core.ResetNotificationFailuresCommand,
    deniedIn: REPO,
    request: (f) => ({ path: notificationPath(REPO, f.uuid) }),
  },
  'notification.test': {
    verb: 'POST',
    openapi: `${NOTIFICATION_PATH}/test`,
    command: core.TestNotificationCommand,
    deniedIn: REPO,
    request: (f) => ({ path: `${notificationPath(REPO, f.uuid)}/test` }),
  },
  'notification.rotateSecret': {
    verb: 'POST',
    openapi: `${NOTIFICATION_PATH}/rotate-secret`,
    command: core.RotateNotificationSecretCommand,
    deniedIn: REPO,
    // A signing notification of its own per cell: the shared one has no secret to rotate.
    request: async (f) => {
      const body = { ...webhook('signed'), config: { url: `${sink.url}/hook`, signing: true } };
      const created = await call('POST', `${repoPath(REPO)}/notification/`, f.bearer.superuser, body);
      expect(created).toMatchObject({ status: 201 });
      return { path: `${notificationPath(REPO, (created.body as { uuid: string }).uuid)}/rotate-secret` };
    },
  },
  'deliveries.list': {
    verb: 'GET',
    openapi: DELIVERIES_PATH,
    command: core.ListDeliveriesQuery,
    deniedIn: REPO,
    request: (f) => ({ path: `${notificationPath(REPO, f.uuid)}/deliveries` }),
  },
  'deliveries.get': {
    verb: 'GET',
    openapi: `${DELIVERIES_PATH}/{deliveryId}`,
    command: core.GetDeliveryQuery,
    deniedIn: REPO,
    request: (f) => ({ path: `${notificationPath(REPO, f.uuid)}/deliveries/${f.deliveryId}` }),
  },
  'deliveries.get: unknown id': {
    verb: 'GET',
    openapi: `${DELIVERIES_PATH}/{deliveryId}`,
    command: core.GetDeliveryQuery,
    deniedIn: REPO,
    request: (f) => ({ path: `${notificationPath(REPO, f.uuid)}/deliveries/unknown-${randomUUID()}` }),
  },
  "deliveries.get: acme/web's via acme/api's": {
    verb: 'GET',
    openapi: `${DELIVERIES_PATH}/{deliveryId}`,
    command: core.GetDeliveryQuery,
    deniedIn: OTHER_REPO,
    request: (f) => ({ path: `${notificationPath(OTHER_REPO, f.otherUuid)}/deliveries/${f.deliveryId}` }),
  },
  'deliveries.redeliver': {
    verb: 'POST',
    openapi: `${DELIVERIES_PATH}/{deliveryId}/redeliver`,
    command: core.RedeliverCommand,
    deniedIn: REPO,
    request: (f) => ({ path: `${notificationPath(REPO, f.uuid)}/deliveries/${f.deliveryId}/redeliver` }),
  },
  'deliveries.redeliverSince': {
    verb: 'POST',
    openapi: `${DELIVERIES_PATH}/redeliver`,
    command: core.RedeliverFailedSinceCommand,
    deniedIn: REPO,
    request: (f) => ({
      path: `${notificationPath(REPO, f.uuid)}/deliveries/redeliver`,
      body: { since: new Date(Date.now() - 3_600_000).toISOString() },
    }),
  },
  'logs.list': {
    verb: 'GET',
    openapi: `${REPO_PATH}/logs`,
    command: core.ListAuditLogQuery,
    deniedIn: REPO,
    request: () => ({ path: `${repoPath(REPO)}/logs` }),
  },
  'authorizedEmail.get': {
    verb: 'GET',
    openapi: `${REPO_PATH}/authorizedemail/{email}`,
    command: core.GetEmailAuthorizationQuery,
    deniedIn: REPO,
    request: (f) => ({ path: authorizedEmailPath(REPO, f.email) }),
  },
  'authorizedEmail.request': {
    verb: 'POST',
    openapi: `${REPO_PATH}/authorizedemail/{email}`,
    command: core.RequestEmailAuthorizationCommand,
    deniedIn: REPO,
    // An address of its own per cell: an allowed call mails it a link, a refused one mails nothing.
    request: () => {
      const email = `cell-${randomUUID().slice(0, 8)}@example.com`;
      return { path: authorizedEmailPath(REPO, email), target: email };
    },
    verify: async (f, req, status) => {
      const after = await call('GET', authorizedEmailPath(REPO, req.target as string), f.bearer.superuser);
      expect({ after: after.status }).toEqual({ after: status === 200 ? 200 : 404 });
      if (status === 200) await smtp.mailTo(req.target as string);
    },
  },
  'authorizedEmail.revoke': {
    verb: 'DELETE',
    openapi: `${REPO_PATH}/authorizedemail/{email}`,
    command: core.RevokeEmailAuthorizationCommand,
    deniedIn: REPO,
    request: async (f) => {
      const email = `revoke-${randomUUID().slice(0, 8)}@example.com`;
      expect(await call('POST', authorizedEmailPath(REPO, email), f.bearer.superuser)).toMatchObject({ status: 200 });
      return { path: authorizedEmailPath(REPO, email), target: email };
    },
    verify: async (f, req, status) => {
      const after = await call('GET', authorizedEmailPath(REPO, req.target as string), f.bearer.superuser);
      expect({ after: after.status }).toEqual({ after: status === 204 ? 404 : 200 });
    },
  },
  // The mailed link: no bearer token (the code is the credential), so every caller gets the same answer.
  'emailConfirmation.confirm: unknown code': {
    verb: 'GET',
    openapi: '/authrepoemail',
    command: core.ConfirmEmailAuthorizationCommand,
    request: () => ({ path: `/authrepoemail?code=${'x'.repeat(43)}` }),
  },
  'tokens.create: acme/web': {
    verb: 'POST',
    openapi: `${V1}/tokens`,
    command: auth.CreateApiTokenCommand,
    deniedIn: REPO,
    request: () => ({ path: `${V1}/tokens`, body: tokenBody(admin(REPO)) }),
  },
  'tokens.create: namespace acme': {
    verb: 'POST',
    openapi: `${V1}/tokens`,
    command: auth.CreateApiTokenCommand,
    deniedIn: `${NS}/*`,
    request: () => ({ path: `${V1}/tokens`, body: tokenBody(namespaceAdmin(NS)) }),
  },
  'tokens.create: publish, every namespace': {
    verb: 'POST',
    openapi: `${V1}/tokens`,
    command: auth.CreateApiTokenCommand,
    deniedIn: core.DEPLOYMENT_TARGET,
    request: () => ({
      path: `${V1}/tokens`,
      body: tokenBody([{ type: 'source', name: 'distribution', actions: ['publish'] }]),
    }),
  },
  'tokens.create: publish, namespace acme': {
    verb: 'POST',
    openapi: `${V1}/tokens`,
    command: auth.CreateApiTokenCommand,
    deniedIn: `${NS}/*`,
    request: () => ({
      path: `${V1}/tokens`,
      body: tokenBody([{ type: 'source', name: `distribution:${NS}`, actions: ['publish'] }]),
    }),
  },
  'tokens.list': {
    verb: 'GET',
    openapi: `${V1}/tokens`,
    command: auth.ListApiTokensQuery,
    request: () => ({ path: `${V1}/tokens` }),
  },
  'sources.list': {
    verb: 'GET',
    openapi: `${V1}/sources`,
    command: core.ListSourcesQuery,
    request: () => ({ path: `${V1}/sources` }),
  },
  // An envelope of one blob push: accepted and skipped, so the cells publish nothing.
  'sources.publish': {
    verb: 'POST',
    openapi: `${V1}/sources/{source}/events`,
    command: core.PublishSourceEventsCommand,
    request: () => ({
      path: `${V1}/sources/distribution/events`,
      body: { events: [distributionEvent({ repository: REPO, blob: true })] },
    }),
  },
  'admin.rotateSecrets': {
    verb: 'POST',
    openapi: `${V1}/admin/secrets/rotate`,
    command: core.RotateSecretsCommand,
    deniedIn: core.DEPLOYMENT_TARGET,
    request: () => ({ path: `${V1}/admin/secrets/rotate` }),
  },
  "tokens.revoke: repoAdmin's": {
    verb: 'DELETE',
    openapi: `${V1}/tokens/{id}`,
    command: auth.RevokeApiTokenCommand,
    // A token of repoAdmin's own per cell; `target` is the token itself, to check whether it still works.
    request: async (f) => {
      const victim = await createApiToken(f.bearer.repoAdmin, admin(REPO));
      return { path: `${V1}/tokens/${victim.id}`, target: victim.token };
    },
    verify: async (_f, req, status) => {
      const after = await call('GET', `${V1}/tokens`, req.target);
      expect({ after: after.status }).toEqual({ after: status === 204 ? 401 : 200 });
    },
  },
} satisfies Record<string, Route>;
type RouteName = keyof typeof ROUTES;

// ---------------------------------------------------------------------------------------------------------------
// The matrix. 401: not authenticated. 403: not an admin of the repository the command names (and audited).
// tokens.list and tokens.revoke name no repository: anyone authenticated lists their own tokens, and someone
// else's token is a 404 (as if missing, so ids cannot be probed) for all but its creator and a superuser.
// The columns are ACTORS, in order.
//
// tokens.create: namespace acme × starRepoClaim is 403: a grant on a repository must not reach a whole namespace,
// even when the repository claim's name is spelt like the "acme/*" that CreateApiTokenCommand asks the check for.
// tokens.create × token is 403: a token minted by a token would outlive its parent's expiry and revocation.
// admin.rotateSecrets names the whole deployment: superusers only, as does a publish token for every namespace; one
// limited to a namespace ("distribution:acme") takes that namespace's admins.
// A publish token reaches only sources.publish, and sources.publish takes nothing else (an admin's token cannot inject
// events): AuthGuard refuses both by the token's kind, before any command is sent, so neither is audited.
// ---------------------------------------------------------------------------------------------------------------

/** A number per actor: a tuple as long as ACTORS. */
type NumberPer<T extends readonly unknown[]> = { -readonly [K in keyof T]: number };
type Statuses = NumberPer<typeof ACTORS>;

// prettier-ignore
const TABLE: Record<RouteName, Statuses> = {
  //                                               --------- 401 ----------   --- not acme/web admins -- -- acme/web admins - -pub-
  //                                               anon sig  exp  none revk   oRep oNs  push star tokX   nsAd repo su   tok   pub
  'notification.create':                          [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   201, 201, 201, 201,   403],
  'notification.list':                            [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'notification.get':                             [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'notification.get: unknown uuid':               [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   404, 404, 404, 404,   403],
  "notification.get: acme/web's via acme/api":    [401, 401, 401, 401, 401,   404, 403, 403, 403, 404,   404, 403, 404, 403,   403],
  'notification.delete':                          [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   204, 204, 204, 204,   403],
  "notification.delete: acme/web's via acme/api": [401, 401, 401, 401, 401,   404, 403, 403, 403, 404,   404, 403, 404, 403,   403],
  'notification.reset':                           [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   204, 204, 204, 204,   403],
  'notification.test':                            [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'notification.rotateSecret':                    [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'deliveries.list':                              [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'deliveries.get':                               [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'deliveries.get: unknown id':                   [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   404, 404, 404, 404,   403],
  "deliveries.get: acme/web's via acme/api's":    [401, 401, 401, 401, 401,   404, 403, 403, 403, 404,   404, 403, 404, 403,   403],
  'deliveries.redeliver':                         [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   202, 202, 202, 202,   403],
  'deliveries.redeliverSince':                    [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   202, 202, 202, 202,   403],
  'logs.list':                                    [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'authorizedEmail.get':                          [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'authorizedEmail.request':                      [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   200, 200, 200, 200,   403],
  'authorizedEmail.revoke':                       [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   204, 204, 204, 204,   403],
  'emailConfirmation.confirm: unknown code':      [400, 400, 400, 400, 400,   400, 400, 400, 400, 400,   400, 400, 400, 400,   400],
  'tokens.create: acme/web':                      [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   201, 201, 201, 403,   403],
  'tokens.create: namespace acme':                [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   201, 403, 201, 403,   403],
  'tokens.create: publish, every namespace':      [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   403, 403, 201, 403,   403],
  'tokens.create: publish, namespace acme':       [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   201, 403, 201, 403,   403],
  'tokens.list':                                  [401, 401, 401, 401, 401,   200, 200, 200, 200, 200,   200, 200, 200, 200,   403],
  "tokens.revoke: repoAdmin's":                   [401, 401, 401, 401, 401,   404, 404, 404, 404, 404,   404, 204, 204, 404,   403],
  'sources.list':                                 [401, 401, 401, 401, 401,   200, 200, 200, 200, 200,   200, 200, 200, 200,   403],
  'sources.publish':                              [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   403, 403, 403, 403,   202],
  'admin.rotateSecrets':                          [401, 401, 401, 401, 401,   403, 403, 403, 403, 403,   403, 403, 200, 403,   403],
};

const EXPECTED = Object.fromEntries(
  Object.entries(TABLE).map(([route, row]) => [route, Object.fromEntries(ACTORS.map((a, i) => [a, row[i]]))]),
) as Record<RouteName, Record<ActorName, number>>;

const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];
const CELLS = ROUTE_NAMES.flatMap((route) =>
  ACTORS.map((actor) => ({ route, actor, expected: EXPECTED[route][actor] })),
);

/** Routes outside /api/v1 that still send a command: the link mailed to confirm an address. */
const OUTSIDE_V1 = ['/authrepoemail'];

/** Abstract bases of the command and query classes: never sent themselves. */
const ABSTRACT_MESSAGES: unknown[] = [core.RepositoryCommand, core.RepositoryQuery, core.NotificationCommand];

/** Every command and query class @herald/core and @herald/auth export, by name. */
function exportedMessageClasses(): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [name, value] of Object.entries({ ...core, ...auth })) {
    if (typeof value !== 'function' || ABSTRACT_MESSAGES.includes(value)) continue;
    const proto = value.prototype as object | undefined;
    const isMessage =
      proto instanceof Command ||
      proto instanceof Query ||
      typeof (proto as Partial<core.Authorizable> | undefined)?.repositories === 'function';
    if (isMessage) found.set(name, value);
  }
  return found;
}

describe('permission matrix: every route × every kind of caller', () => {
  let env: TestEnvironment;
  const f = {} as Fixtures;

  beforeAll(async () => {
    env = await openTestEnvironment('permission-matrix');
    sink = await HttpSink.start();
    smtp = await SmtpSink.start();
    herald = await startHerald({
      ...env.heraldEnv,
      ...smtp.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_API_RATE_LIMIT: '1000000',
    });

    const now = Math.floor(Date.now() / 1000);
    const secret = new TextEncoder().encode(TEST_JWT_SECRET);
    const users: Partial<Record<ActorName, string>> = {
      badSignature: await jwtFor('root', [], { superuser: true, secret: 'not-the-registry-secret-but-as-long-as-it' }),
      expired: await new SignJWT({ access: [], superuser: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('root')
        .setIssuedAt(now - 7200)
        .setExpirationTime(now - 3600)
        .sign(secret),
      algNone: new UnsecuredJWT({ access: [], superuser: true })
        .setSubject('root')
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .encode(),
      otherRepoAdmin: await jwtFor('bob', admin(OTHER_REPO)),
      otherNsAdmin: await jwtFor('gina', namespaceAdmin('globex')),
      pushPull: await jwtFor('pat', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }]),
      starRepoClaim: await jwtFor('stan', admin(`${NS}/*`)),
      nsAdmin: await jwtFor('nora', namespaceAdmin(NS)),
      repoAdmin: await jwtFor('alice', admin(REPO)),
      superuser: await jwtFor('root', [], { superuser: true }),
    };
    const token = await createApiToken(users.repoAdmin, admin(REPO));
    const tokenElsewhere = await createApiToken(users.otherRepoAdmin, admin(OTHER_REPO));
    const revoked = await createApiToken(users.repoAdmin, admin(REPO));
    expect(await call('DELETE', `${V1}/tokens/${revoked.id}`, users.repoAdmin)).toMatchObject({ status: 204 });

    const publish = await createPublishToken(herald.url, users.superuser as string, 'distribution');
    const publishId = (
      (await call('GET', `${V1}/tokens`, users.superuser)).body as { tokens: { id: string; name: string }[] }
    ).tokens.find((t) => t.name === 'publish-distribution')?.id;

    f.bearer = {
      ...users,
      token: token.token,
      tokenElsewhere: tokenElsewhere.token,
      revokedToken: revoked.token,
      publishToken: publish,
    };
    f.actorId = {
      anonymous: '',
      badSignature: 'root',
      expired: 'root',
      algNone: 'root',
      revokedToken: `token:${revoked.id}`,
      otherRepoAdmin: 'bob',
      otherNsAdmin: 'gina',
      pushPull: 'pat',
      starRepoClaim: 'stan',
      tokenElsewhere: `token:${tokenElsewhere.id}`,
      nsAdmin: 'nora',
      repoAdmin: 'alice',
      superuser: 'root',
      token: `token:${token.id}`,
      publishToken: `token:${publishId}`,
    };

    f.uuid = await createNotification(REPO, users.repoAdmin, 'shared');
    f.otherUuid = await createNotification(OTHER_REPO, users.otherRepoAdmin, 'elsewhere');
    f.email = 'matrix@example.com';
    expect(await call('POST', authorizedEmailPath(REPO, f.email), users.repoAdmin)).toMatchObject({ status: 200 });
    const outcome = await deliveryOutcomeOf(env.nc, f.uuid, async () => {
      expect(await call('POST', `${notificationPath(REPO, f.uuid)}/test`, users.repoAdmin)).toMatchObject({
        status: 200,
      });
    });
    expect(outcome.status).toBe('delivered');
    f.deliveryId = outcome.delivery_id;
  });

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await smtp?.close();
    await env?.close();
  });

  /** Refused by AuthGuard for the kind of token (see TABLE), before any command: not audited. */
  const refusedByTokenKind = (c: { route: RouteName; actor: ActorName }) =>
    c.actor === 'publishToken' || c.route === 'sources.publish';

  /** What each cell got, for the audit check. */
  const observed: { route: RouteName; actor: ActorName; status: number }[] = [];

  it('has one status per actor for every route', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ROUTE_NAMES].sort());
    for (const row of Object.values(TABLE)) expect(row).toHaveLength(ACTORS.length);
  });

  it.each(CELLS)('$route × $actor → $expected', async ({ route, actor, expected }) => {
    const def: Route = ROUTES[route];
    const req = await def.request(f);
    const res = await call(def.verb, req.path, f.bearer[actor], req.body);
    observed.push({ route, actor, status: res.status });
    // The body is compared with itself, so that the diff of a wrong status shows what Herald said.
    expect({ status: res.status, body: res.body }).toEqual({ status: expected, body: res.body });
    const message = (res.body as { message?: string } | undefined)?.message;
    if (expected === 401) {
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(message).toMatch(REFUSAL_REASON[actor] as RegExp);
    }
    if (expected === 403) {
      // Tokens are refused token-making whatever their scopes: a refusal of its own, with its own reason.
      if (actor === 'token' && route === 'tokens.create: acme/web') expect(message).toMatch(/API token cannot create/);
      else if (actor === 'publishToken') expect(message).toMatch(/a publish token only publishes events/);
      else if (route === 'sources.publish') expect(message).toMatch(/publishing events takes a publish token/);
      else expect(message).toContain(`${f.actorId[actor]} is not an admin of ${def.deniedIn}`);
    }
    await def.verify?.(f, req, res.status);
  });

  // metadata.command is the class the bus actually ran, so this also checks ROUTES' command of every route that
  // refuses someone.
  it('audits every refused call once, naming the actor, the repository and the command the route sent', async () => {
    const entry = (repository: string, actorId: string, command: string) => `${repository} | ${actorId} | ${command}`;
    // From what the cells got rather than what they expect, so that a wrong cell fails once, in its own name.
    const refused = observed.filter((c) => c.status === 403 && !refusedByTokenKind(c));
    expect(refused.length).toBeGreaterThan(0);
    const expected = refused.map((c) => {
      const def: Route = ROUTES[c.route];
      return entry(def.deniedIn as string, f.actorId[c.actor], def.command.name);
    });
    const denied = await env.db.collection('audit_log').find({ kind: 'denied' }).toArray();
    const recorded = denied.map((d) => entry(d.repository, d.performer.id, d.metadata.command));
    expect(recorded.sort()).toEqual(expected.sort());

    // And the repository's admins read them through the API.
    const logs = await call('GET', `${repoPath(REPO)}/logs?limit=500`, f.bearer.repoAdmin);
    expect(logs.status).toBe(200);
    expect((logs.body as { logs: unknown[] }).logs).toContainEqual(
      expect.objectContaining({
        kind: 'denied',
        repository: REPO,
        performer: { id: 'pat', kind: 'user' },
        metadata: { command: 'CreateNotificationCommand' },
      }),
    );
  });

  it('covers every (path, verb) of /api/v1 (and the mailed confirmation link) in the OpenAPI document, and only those', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = (res.body as { paths: Record<string, Record<string, unknown>> }).paths;
    const verbs = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
    const documented = Object.entries(paths)
      .filter(([path]) => path.startsWith(`${V1}/`) || OUTSIDE_V1.includes(path))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((v) => verbs.includes(v))
          .map((v) => `${v.toUpperCase()} ${path}`),
      );
    const covered = new Set(Object.values(ROUTES).map((r: Route) => `${r.verb} ${r.openapi}`));
    expect(documented.filter((op) => !covered.has(op))).toEqual([]);
    expect([...covered].filter((op) => !documented.includes(op))).toEqual([]);
  });

  it('reaches every exported command and query class from some route', () => {
    const sent = new Set<unknown>(Object.values(ROUTES).map((r: Route) => r.command));
    const exported = exportedMessageClasses();
    // A handful is expected; an empty list would mean the detection itself broke.
    expect(exported.size).toBeGreaterThanOrEqual(sent.size);
    // A class listed here needs a row in ROUTES for the route that sends it (or, for a base class, ABSTRACT_MESSAGES).
    const unreached = [...exported].filter(([, cls]) => !sent.has(cls)).map(([name]) => name);
    expect(unreached).toEqual([]);
  });
});
