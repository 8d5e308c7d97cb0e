import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The seed documents `updated_tags` as a map tag -> digest, but real Quay emitters send a list of tag names:
 * both shapes are accepted.
 */
export function isUpdatedTags(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((tag) => typeof tag === 'string');
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((digest) => typeof digest === 'string');
}

export function IsUpdatedTags(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUpdatedTags',
      validator: {
        validate: isUpdatedTags,
        defaultMessage: () => '$property must be a map of tag to digest or a list of tag names',
      },
    },
    options,
  );
}
