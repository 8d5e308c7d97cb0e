import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CommandValidationError, NotFoundError, PermissionDeniedError, UpstreamError } from '@herald/core';

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_token',
  403: 'insufficient_scope',
  404: 'not_found',
  413: 'request_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'upstream_failed',
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
  if (err instanceof UpstreamError) return { status: 502, message: err.message };
  if (err instanceof HttpException) {
    const body = err.getResponse();
    const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : err.message;
    return { status: err.getStatus(), message };
  }
  // body-parser's errors (too large, a charset or encoding it cannot read, bad JSON, a body over the depth limit) carry
  // their 4xx status and mark their message safe to show.
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode;
  if (e?.expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: typeof e.message === 'string' ? e.message : 'bad request' };
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
    if (mapped.status === 502) this.logger.warn(mapped.message);
    else if (mapped.status >= 500) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    // A client's mistake is worth a line, not a stack trace; 401s are the noise of every scanner and stay quiet.
    else if (mapped.status !== 401) {
      const req = host.switchToHttp().getRequest<{ method?: string; path?: string }>();
      this.logger.warn(`${req.method} ${req.path} -> ${mapped.status}: ${mapped.message}`);
    }
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
