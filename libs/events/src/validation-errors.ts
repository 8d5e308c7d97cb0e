import { ValidationError } from 'class-validator';

/**
 * Flattens class-validator's error tree into one message per failed constraint, each naming the field by its full
 * dotted path ("trigger_metadata.commit_info.date must be a number"). Messages start with the field's own name
 * ($property), which is replaced by the path.
 */
export function formatValidationErrors(errors: readonly ValidationError[], parentPath?: string): string[] {
  return errors.flatMap((error) => {
    const path = parentPath === undefined ? error.property : `${parentPath}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? path + message.slice(error.property.length) : `${path}: ${message}`,
    );
    return [...own, ...formatValidationErrors(error.children ?? [], path)];
  });
}
