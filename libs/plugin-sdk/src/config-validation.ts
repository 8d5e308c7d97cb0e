import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { Type } from '@nestjs/common';

function flatten(errors: ValidationError[], prefix: string): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(`${e.property} `) ? `${prefix ? prefix + '.' : ''}${m}` : `${path}: ${m}`,
    );
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Validates a raw config object against a plugin's config class; returns messages naming `config.<field>`. */
export function validateConfig<C extends object>(configClass: Type<C>, raw: unknown): { config?: C; errors: string[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { errors: ['config must be a JSON object'] };
  const instance = plainToInstance(configClass, raw);
  const errors = flatten(
    validateSync(instance as object, { forbidUnknownValues: false, stopAtFirstError: true }),
    'config',
  );
  return errors.length ? { errors } : { config: instance, errors };
}
