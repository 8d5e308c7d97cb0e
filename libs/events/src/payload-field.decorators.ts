import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

// Every message starts with $property: formatValidationErrors swaps that leading name for the full dotted path.
// Validation stops at the first failed constraint of a field, so the order below is the order of the checks.

export type Presence = 'required' | 'optional';

/** A field that is required or optional (null or missing), then checked by `checks` in order. */
export function PayloadField(presence: Presence, ...checks: PropertyDecorator[]): PropertyDecorator {
  const first = presence === 'required' ? IsDefined({ message: '$property is required' }) : IsOptional();
  return (target, key) => [first, ...checks].forEach((decorate) => decorate(target, key));
}

const message = (text: string): ValidationOptions => ({ message: `$property ${text}` });

/** A string, then any further `checks` on it (a pattern, say). */
export const StringField = (presence: Presence = 'required', ...checks: PropertyDecorator[]): PropertyDecorator =>
  PayloadField(presence, IsString(message('must be a string')), ...checks);

export const StringListField = (presence: Presence = 'required'): PropertyDecorator =>
  PayloadField(
    presence,
    IsArray(message('must be a list of strings')),
    IsString({ ...message('must be a list of strings'), each: true }),
  );

export const BooleanField = (presence: Presence = 'required'): PropertyDecorator =>
  PayloadField(presence, IsBoolean(message('must be a boolean')));

export const NumberField = (presence: Presence = 'required'): PropertyDecorator =>
  PayloadField(presence, IsNumber({}, message('must be a number')));

/** A nested object validated against its own class; IsObject first so that arrays and scalars are not walked. */
export const NestedField = (cls: () => new () => object, presence: Presence = 'required'): PropertyDecorator =>
  PayloadField(presence, IsObject(message('must be an object')), ValidateNested(), Type(cls));
