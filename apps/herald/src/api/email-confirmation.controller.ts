import { Controller, Get, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthorizedEmailView, ConfirmEmailAuthorizationCommand } from '@herald/core';
import { escapeHtml } from '@herald/plugin-sdk';

const INVALID = 'Invalid confirmation code.';

function page(title: string, message: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    '',
  ].join('\n');
}

const html = { 'text/html': { schema: { type: 'string' } } };

/** The link mailed by POST authorizedemail: Quay's path, no bearer token (the single-use code is the credential). */
@ApiTags('authorized e-mails')
@Controller()
export class EmailConfirmationController {
  constructor(private readonly commands: CommandBus) {}

  @Get('authrepoemail')
  @ApiOperation({ summary: 'Confirm an address with the code mailed to it; answers a small HTML page' })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'code', required: false, schema: { type: 'string' }, description: 'The mailed single-use code' })
  @ApiResponse({ status: 200, description: 'confirmed', content: html })
  @ApiResponse({ status: 400, description: `${INVALID}: unknown, already used or expired`, content: html })
  async confirm(@Query('code') code: unknown, @Res() res: Response): Promise<void> {
    const confirmed: AuthorizedEmailView | null = await this.commands.execute(
      new ConfirmEmailAuthorizationCommand(code),
    );
    res.type('html').setHeader('cache-control', 'no-store');
    if (!confirmed) {
      res.status(400).send(page(INVALID, 'The link is unknown, was used already or has expired; ask for a new one.'));
      return;
    }
    const repository = `${confirmed.namespace}/${confirmed.repository}`;
    res
      .status(200)
      .send(page('E-mail address confirmed', `${confirmed.email} will now receive notifications of ${repository}.`));
  }
}
