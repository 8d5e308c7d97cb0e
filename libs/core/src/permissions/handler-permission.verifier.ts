import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { COMMAND_HANDLER_METADATA, QUERY_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import { AuthorizedHandler } from './authorized.handler';

/** Refuses to let the host start when any command or query handler could run without the permission check. */
@Injectable()
export class HandlerPermissionVerifier implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      const kind = Reflect.getMetadata(COMMAND_HANDLER_METADATA, type)
        ? 'command'
        : Reflect.getMetadata(QUERY_HANDLER_METADATA, type)
          ? 'query'
          : undefined;
      if (!kind) continue;
      if (!(type.prototype instanceof AuthorizedHandler)) {
        problems.push(`${kind} handler ${type.name} does not extend AuthorizedHandler`);
      } else if (type.prototype.execute !== AuthorizedHandler.prototype.execute) {
        problems.push(`${kind} handler ${type.name} overrides execute() and so skips the permission check`);
      }
    }
    if (problems.length) throw new Error(`refusing to start: ${problems.join('; ')}`);
  }
}
