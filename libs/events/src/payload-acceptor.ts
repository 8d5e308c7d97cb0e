import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** True only when class-validator would find nothing wrong with the plain object. */
export type PayloadAcceptor = (data: Record<string, unknown>) => boolean;

type Check = (value: unknown, object: Record<string, unknown>) => boolean;
type Class = new () => object;

const CONDITIONAL = ValidationTypes.CONDITIONAL_VALIDATION;
const DEFINED = ValidationTypes.IS_DEFINED;
const CUSTOM = ValidationTypes.CUSTOM_VALIDATION;
const NESTED = ValidationTypes.NESTED_VALIDATION;
const KNOWN_TYPES: string[] = [CONDITIONAL, DEFINED, CUSTOM, NESTED];

/** Thrown while compiling when a class uses something the acceptor does not reproduce; that class always takes the full path. */
class Unsupported extends Error {}

const compiled = new Map<Class, PayloadAcceptor | null>();

/**
 * A fast yes for valid payloads. class-transformer's plainToInstance plus class-validator's validateSync allocate tens of
 * kilobytes per event, which at thousands of events a second is most of Herald's garbage. This runs the very validator
 * functions class-validator registered for the class, on the plain object, with its rules for optional, defined,
 * `each` and nested fields; it never explains a "no": the caller then runs class-validator for the messages. A class
 * using anything else (groups, async or conditional validators, other nesting) gets no acceptor (null).
 */
export function payloadAcceptor(cls: Class): PayloadAcceptor | null {
  if (!compiled.has(cls)) compiled.set(cls, tryCompile(cls, new Set()));
  return compiled.get(cls) ?? null;
}

function tryCompile(cls: Class, visiting: Set<Class>): PayloadAcceptor | null {
  try {
    return compile(cls, visiting);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

function compile(cls: Class, visiting: Set<Class>): PayloadAcceptor {
  if (visiting.has(cls)) throw new Unsupported('recursive payload class');
  visiting.add(cls);
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', true, false);
  // class-validator refuses an object whose class has no rules at all (forbidUnknownValues).
  if (metadatas.length === 0) throw new Unsupported('no rules');
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of metadatas) {
    if (!KNOWN_TYPES.includes(m.type) || m.groups?.length || m.always !== undefined || m.validateIf) {
      throw new Unsupported(`rule ${m.type} on ${m.propertyName}`);
    }
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  const properties = [...byProperty].map(([property, rules]) => compileProperty(cls, property, rules, visiting));
  visiting.delete(cls);
  return (data) => {
    for (const check of properties) if (!check(data)) return false;
    return true;
  };
}

function compileProperty(
  cls: Class,
  property: string,
  rules: ValidationMetadata[],
  visiting: Set<Class>,
): (object: Record<string, unknown>) => boolean {
  const conditions = rules
    .filter((m) => m.type === CONDITIONAL)
    .map((m) => m.constraints[0] as (o: object, v: unknown) => boolean);
  // The same order as class-validator: "defined" first, then the others, then nested objects.
  const checks = [
    ...rules.filter((m) => m.type === DEFINED).map(customCheck),
    ...rules.filter((m) => m.type === CUSTOM).map(customCheck),
    ...rules.filter((m) => m.type === NESTED).map(() => nestedCheck(cls, property, visiting)),
  ];
  return (object) => {
    const value = object[property];
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const check of checks) if (!check(value, object)) return false;
    return true;
  };
}

function customCheck(m: ValidationMetadata): Check {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(m.constraintCls);
  if (constraints.length === 0 || constraints.some((c) => c.async)) throw new Unsupported(`async rule ${m.name}`);
  const validators = constraints.map((c) => c.instance);
  // One arguments object per rule, refilled on each call: the validators are synchronous and keep nothing.
  const args: ValidationArguments = {
    targetName: '',
    property: m.propertyName,
    object: {},
    value: undefined,
    constraints: m.constraints,
  };
  const valid = (v: unknown) => validators.every((validator) => validator.validate(v, args) === true);
  return (value, object) => {
    args.object = object;
    args.value = value;
    if (m.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      for (const v of value.values()) if (!valid(v)) return false;
      return true;
    }
    return valid(value);
  };
}

function nestedCheck(cls: Class, property: string, visiting: Set<Class>): Check {
  // plainToInstance turns the plain value into the @Type class, whose rules class-validator then applies.
  const type = defaultMetadataStorage.findTypeMetadata(cls, property);
  if (!type) throw new Unsupported(`nested ${property} without @Type`);
  const nestedClass = type.typeFunction() as Class;
  const accept = compile(nestedClass, visiting);
  return (value) => {
    if (value === undefined) return true;
    // Lists of nested objects are not used by the payloads; leave them to the full path.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return accept(value as Record<string, unknown>);
  };
}
