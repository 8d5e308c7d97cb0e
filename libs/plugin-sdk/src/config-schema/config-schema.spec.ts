import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsEmpty,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SecretField } from '../secret-field.decorator';
import { ConfigField } from './config-field.decorator';
import { configJsonSchema } from './config-schema';

class Target {
  @ConfigField({ title: 'Kind' })
  @IsIn(['user', 'team'])
  @IsNotEmpty()
  kind!: string;

  @Matches(/^[a-z]+$/)
  @IsString()
  name!: string;
}

class Sample {
  @ConfigField({ title: 'Hook URL', description: 'Where to POST' })
  @IsUrl()
  @IsString()
  @IsNotEmpty()
  @SecretField({ format: 'url' })
  url!: string;

  @IsEmail()
  @IsOptional()
  email?: string;

  @ConfigField({ default: 3 })
  @Max(10)
  @Min(1)
  @IsInt()
  @IsOptional()
  retries?: number;

  @IsBoolean()
  @IsOptional()
  loud?: boolean;

  @IsString({ each: true })
  @IsArray()
  @IsOptional()
  tags?: string[];

  @ValidateNested()
  @Type(() => Target)
  @IsNotEmpty()
  target!: Target;

  @IsEmpty()
  @SecretField()
  generated?: string;

  @ConfigField({ schema: { type: 'object', additionalProperties: { type: 'string' } } })
  @IsOptional()
  @SecretField()
  headers?: Record<string, string>;
}

class Extended extends Sample {
  @ConfigField({ title: 'Hook address' })
  declare url: string;
}

describe('configJsonSchema', () => {
  it('reads types, formats, bounds, enums, titles, defaults, secrets and nested classes off the config class', () => {
    expect(configJsonSchema(Sample)).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        url: {
          type: 'string',
          format: 'uri',
          minLength: 1,
          title: 'Hook URL',
          description: 'Where to POST',
          writeOnly: true,
        },
        email: { type: 'string', format: 'email' },
        retries: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
        loud: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        target: {
          type: 'object',
          properties: {
            kind: { enum: ['user', 'team'], title: 'Kind' },
            name: { type: 'string', pattern: '^[a-z]+$' },
          },
          required: ['kind', 'name'],
        },
        headers: { type: 'object', additionalProperties: { type: 'string' }, writeOnly: true },
      },
      required: ['url', 'target'],
    });
  });

  it('leaves out generated fields (the client must not send them)', () => {
    expect(configJsonSchema(Sample).properties).not.toHaveProperty('generated');
  });

  it("lets a subclass retitle an inherited field and keeps the parent's rules", () => {
    expect(configJsonSchema(Extended).properties?.url).toMatchObject({
      type: 'string',
      format: 'uri',
      title: 'Hook address',
      description: 'Where to POST',
    });
  });

  it('gives an empty object schema for a class with no rules (a plain JavaScript plugin)', () => {
    class Bare {}
    expect(configJsonSchema(Bare)).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {},
    });
  });
});
