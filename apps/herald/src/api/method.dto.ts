import { ApiProperty } from '@nestjs/swagger';

export class MethodResponse {
  @ApiProperty({ example: 'webhook' })
  name!: string;

  @ApiProperty({ example: 'Webhook POST' })
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "JSON Schema draft-07 of the method's `config`, generated from its plugin's config class: properties with " +
      'type, title, description, format, enum, default, bounds; `writeOnly` on secrets; `required`',
  })
  config_schema!: Record<string, unknown>;
}

export class MethodListResponse {
  @ApiProperty({ type: [MethodResponse] })
  methods!: MethodResponse[];
}
