import { BadRequestException } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

const MAX_LIMIT = 500;

export function parseLimit(raw: string | undefined, fallback = 100): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new BadRequestException(`limit must be an integer 1-${MAX_LIMIT}`);
  return n;
}

export function parseDate(name: string, raw: unknown): Date | undefined {
  if (raw === undefined || raw === null) return undefined;
  const d = typeof raw === 'string' ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date-time`);
  return d;
}

/** `?limit=`, as parseLimit reads it. */
export const ApiLimitQuery = (fallback: number) =>
  ApiQuery({
    name: 'limit',
    required: false,
    description: `How many to return, ${fallback} by default`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: fallback },
  });

/** `?before=`, as parseDate reads it: the page after the last item seen. */
export const ApiBeforeQuery = (field: string) =>
  ApiQuery({
    name: 'before',
    required: false,
    description: `Only those older than this (ISO 8601): the \`${field}\` of the last one seen`,
    schema: { type: 'string', format: 'date-time' },
  });

const MAX_PAGE = 10_000;

/** `?page=`, from 1. */
export function parsePage(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new BadRequestException(`page must be an integer 1-${MAX_PAGE}`);
  return n;
}

export const ApiPageQuery = () =>
  ApiQuery({
    name: 'page',
    required: false,
    description: 'Which page, from 1',
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 },
  });
