import { Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthGuard, CurrentActor } from '@herald/auth';
import {
  Actor,
  AuthorizedEmailView,
  GetEmailAuthorizationQuery,
  RequestEmailAuthorizationCommand,
  RevokeEmailAuthorizationCommand,
} from '@herald/core';
import { ApiRepositoryPath, ApiStandardErrors, BAD_REQUEST } from './api-docs.decorators';
import { AuthorizedEmailResponse } from './authorized-email.dto';
import { repositoryFromPath } from './repository-path';

const ApiEmailParam = () =>
  ApiParam({
    name: 'email',
    description: 'The address; any other text is a 400 naming `email`',
    schema: { type: 'string', format: 'email', example: 'ops@example.com' },
  });

const NOT_ASKED_FOR = 'the address was never asked for (or was revoked) in this repository';

/** Quay's e-mail authorization per repository, plus revocation; each route a command or query on the checked bus. */
@ApiTags('authorized e-mails')
@ApiRepositoryPath()
@ApiEmailParam()
@UseGuards(AuthGuard)
@Controller('api/v1/repository/:namespace/:repo/authorizedemail')
export class AuthorizedEmailsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':email')
  @ApiOperation({ summary: 'Whether an address was asked for and confirmed' })
  @ApiResponse({ status: 200, type: AuthorizedEmailResponse })
  @ApiStandardErrors({ repository: true, badRequest: [BAD_REQUEST.fields], notFound: NOT_ASKED_FOR })
  get(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('email') email: string,
  ): Promise<AuthorizedEmailView> {
    return this.queries.execute(new GetEmailAuthorizationQuery(actor, repositoryFromPath(namespace, repo), email));
  }

  @Post(':email')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mail the address a single-use confirmation link (nothing is sent for one already confirmed)',
  })
  @ApiResponse({ status: 200, type: AuthorizedEmailResponse })
  @ApiStandardErrors({
    repository: true,
    badRequest: [BAD_REQUEST.fields],
    upstream: 'the confirmation mail could not be sent (the SMTP relay refused or is unreachable); try again',
  })
  request(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('email') email: string,
  ): Promise<AuthorizedEmailView> {
    return this.commands.execute(
      new RequestEmailAuthorizationCommand(actor, repositoryFromPath(namespace, repo), email),
    );
  }

  @Delete(':email')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke the address: the repository's notifications mail it no more" })
  @ApiResponse({ status: 204, description: 'done; no body' })
  @ApiStandardErrors({ repository: true, badRequest: [BAD_REQUEST.fields], notFound: NOT_ASKED_FOR })
  async revoke(
    @CurrentActor() actor: Actor,
    @Param('namespace') namespace: string,
    @Param('repo') repo: string,
    @Param('email') email: string,
  ): Promise<void> {
    await this.commands.execute(new RevokeEmailAuthorizationCommand(actor, repositoryFromPath(namespace, repo), email));
  }
}
