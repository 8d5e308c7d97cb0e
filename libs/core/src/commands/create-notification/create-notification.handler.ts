import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { EVENT_KINDS, EventKind, isEventKind } from '@herald/events';
import { validateConfig } from '@herald/plugin-sdk';
import { ActionRegistry } from '../../actions/action-registry.service';
import { AuditLog } from '../../audit/audit-log.service';
import { NotificationCreated } from '../../domain-events/notification.events';
import { DomainEventPublisher } from '../../domain-events/domain-event.publisher';
import { CommandValidationError } from '../../errors/domain.errors';
import { validateEventConfig } from '../../filters/event-filter';
import { NotificationRepository } from '../../notification/notification.repository';
import { NotificationView, toView } from '../../notification/notification.view';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ConfigSecrets } from '../../secrets/config-secrets.service';
import { DEFAULT_LANE, LaneSettings, validateLaneInput } from '../../lanes/lane-settings';
import { revealOnce } from '../../secrets/reveal-once';
import { CORE_SETTINGS, CoreSettings } from '../../core-settings';
import { EmailAuthorizations } from '../../email-authorization/email-authorizations.service';
import { CreateNotificationCommand, CreateNotificationInput } from './create-notification.command';
import { unstorableKeys } from './storable-config';

const MAX_TITLE = 255;

interface ValidNotification {
  event: EventKind;
  method: string;
  config: Record<string, unknown>;
  eventConfig: Record<string, unknown>;
  title: string | null;
  lane: LaneSettings;
}

@CommandHandler(CreateNotificationCommand)
export class CreateNotificationHandler extends AuthorizedHandler<CreateNotificationCommand, NotificationView> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly actions: ActionRegistry,
    private readonly audit: AuditLog,
    private readonly domainEvents: DomainEventPublisher,
    private readonly secrets: ConfigSecrets,
    private readonly emailAuthorizations: EmailAuthorizations,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {
    super();
  }

  protected async handle(cmd: CreateNotificationCommand): Promise<NotificationView> {
    const valid = this.validate(cmd.input);
    // The plugin's own check, which may call out, runs only on a config that is already well-formed.
    const plugin = this.actions.get(valid.method);
    const context = {
      repository: cmd.repository,
      actorId: cmd.actor.id,
      ...this.emailAuthorizations.for(cmd.repository),
    };
    const pluginErrors = await plugin?.checkConfig?.(valid.config, context);
    if (pluginErrors?.length) throw new CommandValidationError(pluginErrors);
    // What the plugin generates (a signing secret) joins the config here, after every check has passed.
    const prepared = (await plugin?.prepareConfig?.(valid.config, context)) ?? { config: valid.config };
    // A bound per repository: one admin's script cannot fill the routing index every instance holds in memory.
    const max = this.settings.maxNotificationsPerRepository;
    if ((await this.notifications.countIn(cmd.repository)) >= max) {
      throw new CommandValidationError([
        `repository ${cmd.repository} already has ${max} notifications, the most allowed (HERALD_MAX_NOTIFICATIONS_PER_REPOSITORY)`,
      ]);
    }
    const created = await this.notifications.create({
      uuid: randomUUID(),
      repository: cmd.repository,
      namespace: cmd.repository.split('/')[0],
      event: valid.event,
      method: valid.method,
      config: this.secrets.seal(valid.method, prepared.config),
      event_config: valid.eventConfig,
      title: valid.title,
      // A token's notification is its creator's: they are the one to tell when it is disabled.
      created_by: cmd.actor.onBehalfOf ?? cmd.actor.id,
      // Stored only when asked for: documents of the default stay as they were.
      ...(valid.lane === DEFAULT_LANE ? {} : valid.lane),
    });
    await this.audit.notificationChanged('add_repo_notification', cmd.actor, created);
    await this.domainEvents.publish(new NotificationCreated(created.uuid, cmd.repository, cmd.actor.id));
    return toView(created, revealOnce(this.secrets.mask(created.method, created.config), prepared));
  }

  /** Every problem at once, each naming its field, so a client fixes its request in one round. */
  private validate(input: CreateNotificationInput): ValidNotification {
    const errors: string[] = [];
    const { event, method, title } = input;
    if (event === undefined || event === null || event === '')
      errors.push(`event is required; allowed: ${EVENT_KINDS.join(', ')}`);
    else if (!isEventKind(event))
      errors.push(`event "${String(event)}" is unknown; allowed: ${EVENT_KINDS.join(', ')}`);

    const allowedMethods = this.actions.methods().join(', ');
    const plugin = typeof method === 'string' ? this.actions.get(method) : undefined;
    if (method === undefined || method === null || method === '')
      errors.push(`method is required; allowed: ${allowedMethods}`);
    else if (!plugin) errors.push(`method "${String(method)}" is unknown; allowed: ${allowedMethods}`);

    let config: Record<string, unknown> = {};
    if (plugin) {
      const checked = validateConfig(plugin.configClass, input.config ?? {});
      errors.push(...checked.errors);
      if (checked.config) {
        config = input.config as Record<string, unknown>;
        errors.push(...unstorableKeys(config));
      }
    }
    const filters = isEventKind(event) ? validateEventConfig(event, input.eventConfig) : { config: {}, errors: [] };
    errors.push(...filters.errors);

    if (title !== undefined && title !== null && (typeof title !== 'string' || title.length > MAX_TITLE)) {
      errors.push(`title must be a string of at most ${MAX_TITLE} characters`);
    }
    const concurrency = plugin?.concurrency ?? this.settings.deliveryConcurrency;
    const lane = validateLaneInput(input, concurrency);
    errors.push(...lane.errors);
    if (errors.length) throw new CommandValidationError(errors);
    const isDefault = lane.settings.ordering === 'strict' && !lane.settings.rate_limit;
    return {
      lane: isDefault ? DEFAULT_LANE : lane.settings,
      event: event as EventKind,
      method: method as string,
      config,
      eventConfig: filters.config,
      title: typeof title === 'string' && title !== '' ? title : null,
    };
  }
}
