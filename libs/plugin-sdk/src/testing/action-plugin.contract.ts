import { randomUUID } from 'node:crypto';
import { EVENT_CATALOGUE } from '@herald/events';
import { ActionPlugin, METHOD_NAME_PATTERN } from '../action-plugin.interface';
import { validateConfig } from '../config-validation';
import type { DeliveryContext, DeliveryOutcome, DeliveryRequest } from '../delivery.types';
import { configureOutboundPolicy, parseOutboundPolicy } from '../http/outbound-policy';
import { loopbackTarget, refusedUrl } from './loopback-target';

export interface ActionPluginContract<C extends object> {
  plugin: ActionPlugin<C>;
  /** A valid config whose deliveries go to `baseUrl` (a loopback HTTP server the kit starts). */
  configFor(baseUrl: string): C;
  /** Configs that must be refused, each with the field its error must name (`config.<field>`). */
  invalidConfigs: { config: unknown; field: string }[];
  /**
   * For a plugin whose target is deployment config rather than notification config (an SMTP relay): the plugin that
   * delivers to `targetUrl`. Default: `plugin` for every target.
   */
  pluginFor?(targetUrl: string): ActionPlugin<C>;
  /** How to stand up targets for a plugin that does not speak HTTP; default: loopback HTTP servers. */
  targets?: ContractTargets;
  /** Host capabilities deliver() gets beside its signal and timeout (e.g. isEmailAuthorized). */
  context?: Omit<DeliveryContext, 'signal' | 'timeoutMs'>;
  /**
   * False when no notification config names a destination (the target is deployment config), so there is no
   * user-typed address for the outbound policy to refuse. Default true: the kit checks a forbidden destination.
   */
  userDestinations?: boolean;
  /**
   * The delivery timeout of each check (default 300 ms). A protocol with several round trips before the answer
   * (SMTP's greeting, EHLO, MAIL, RCPT, DATA) needs more on a loaded machine.
   */
  timeoutMs?: number;
}

export interface ContractTarget {
  url: string;
  close(): Promise<void>;
}

/** Targets for the kit's checks, in the target's own protocol. */
export interface ContractTargets {
  /**
   * A target answering as an HTTP server would with `status`: 2xx accepts, 500 and 503 fail temporarily, 410 refuses
   * for good; null never answers.
   */
  start(status: number | null): Promise<ContractTarget>;
  /** An address nothing listens on. */
  refusedUrl(): Promise<string>;
}

const HTTP_TARGETS: ContractTargets = { start: loopbackTarget, refusedUrl };

const TIMEOUT_MS = 300;

function request<C>(plugin: ActionPlugin<C & object>, config: C): DeliveryRequest<C> {
  const eventId = randomUUID();
  const uuid = randomUUID();
  return {
    deliveryId: `${eventId}:${uuid}`,
    eventId,
    event: 'repo_push',
    payload: { ...EVENT_CATALOGUE.repo_push.sample },
    notification: {
      uuid,
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: plugin.method,
      config,
      event_config: {},
      title: null,
    },
    attempt: 1,
    test: false,
  };
}

async function deliverTo<C extends object>(
  c: ActionPluginContract<C>,
  baseUrl: string,
): Promise<DeliveryOutcome | Error> {
  const timeoutMs = c.timeoutMs ?? TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const plugin = c.pluginFor?.(baseUrl) ?? c.plugin;
  try {
    return await plugin.deliver(request(plugin, c.configFor(baseUrl)), {
      ...c.context,
      signal,
      timeoutMs,
    });
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/**
 * What every action plugin must do for the host to rely on it. Returns the violations (empty when the plugin keeps
 * the contract), so a plugin's own spec is one line: `expect(await checkActionPluginContract({...})).toEqual([])`.
 */
export async function checkActionPluginContract<C extends object>(c: ActionPluginContract<C>): Promise<string[]> {
  // The kit's targets listen on loopback, which the outbound policy refuses unless allowed.
  const previous = configureOutboundPolicy(parseOutboundPolicy('127.0.0.1'));
  try {
    return await check(c);
  } finally {
    configureOutboundPolicy(previous);
  }
}

async function check<C extends object>(c: ActionPluginContract<C>): Promise<string[]> {
  const problems: string[] = [];
  const { plugin } = c;
  if (!METHOD_NAME_PATTERN.test(plugin.method))
    problems.push(`method "${plugin.method}" must match ${METHOD_NAME_PATTERN}`);
  if (typeof plugin.configClass !== 'function') problems.push('configClass must be a class');

  const valid = validateConfig(plugin.configClass, c.configFor('http://127.0.0.1:9'));
  if (valid.errors.length) problems.push(`the valid config was refused: ${valid.errors.join('; ')}`);
  for (const { config, field } of c.invalidConfigs) {
    const { errors } = validateConfig(plugin.configClass, config);
    if (!errors.some((e) => e.startsWith(`config.${field}`))) {
      problems.push(
        `config ${JSON.stringify(config)} must be refused with an error naming config.${field}; got ${JSON.stringify(errors)}`,
      );
    }
  }

  const expectations: [number | null, DeliveryOutcome['status']][] = [
    [200, 'delivered'],
    [204, 'delivered'],
    [500, 'retry'],
    [503, 'retry'],
    [410, 'failed'],
    [null, 'retry'],
  ];
  const targets = c.targets ?? HTTP_TARGETS;
  for (const [status, expected] of expectations) {
    const target = await targets.start(status);
    const started = Date.now();
    try {
      const outcome = await deliverTo(c, target.url);
      const label = status === null ? 'a target that never answers' : `HTTP ${status}`;
      if (outcome instanceof Error)
        problems.push(`${label}: deliver() threw (${outcome.message}) instead of returning an outcome`);
      else if (outcome.status !== expected) problems.push(`${label}: outcome ${outcome.status}, expected ${expected}`);
      if (Date.now() - started > (c.timeoutMs ?? TIMEOUT_MS) + 500)
        problems.push(`${label}: deliver() ignored its abort signal`);
    } finally {
      await target.close();
    }
  }
  const refused = await deliverTo(c, await targets.refusedUrl());
  if (refused instanceof Error)
    problems.push(`a refused connection: deliver() threw (${refused.message}) instead of returning retry`);
  else if (refused.status !== 'retry') problems.push(`a refused connection: outcome ${refused.status}, expected retry`);

  if (c.userDestinations === false) return problems;
  // Cloud metadata: a plugin that calls out without the SDK's client would reach it.
  const forbidden = await deliverTo(c, 'http://169.254.169.254');
  if (forbidden instanceof Error || forbidden.status !== 'failed' || forbidden.errorClass !== 'forbidden_destination') {
    problems.push(
      `a destination the outbound policy refuses (169.254.169.254): expected a failed outcome of class forbidden_destination, got ${
        forbidden instanceof Error ? `a throw (${forbidden.message})` : JSON.stringify(forbidden)
      }; make every call through the SDK's safeRequest`,
    );
  }
  return problems;
}
