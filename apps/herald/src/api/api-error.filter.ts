import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CommandValidationError, NotFoundError, PermissionDeniedError } from '@herald/core';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_token',
  403: 'insufficient_scope',
  404: 'not_found',
  413: 'invalid_request',
};

interface Mapped {
  status: number;
  message: string;
  errors?: string[];
}

function map(err: unknown): Mapped {
  if (err instanceof CommandValidationError) return { status: 400, message: err.message, errors: err.errors };
  if (err instanceof PermissionDeniedError) return { status: 403, message: err.message };
  if (err instanceof NotFoundError) return { status: 404, message: err.message };
  if (err instanceof HttpException) {
    const body = err.getResponse();
    const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : err.message;
    return { status: err.getStatus(), message };
  }
  return { status: 500, message: 'internal error' };
}

/**
 * Quay's error body (`error_message`, `error_type`, `detail`, `status`) plus `message`, for every error the API returns;
 * anything unexpected is logged and answered with a 500 that leaks nothing.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const mapped = map(err);
    if (mapped.status >= 500) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    const type = ERROR_TYPES[mapped.status] ?? (mapped.status >= 500 ? 'internal_error' : 'invalid_request');
    res.status(mapped.status).json({
      status: mapped.status,
      error_type: type,
      title: type,
      error_message: mapped.message,
      detail: mapped.message,
      message: mapped.message,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    });
  }
}
