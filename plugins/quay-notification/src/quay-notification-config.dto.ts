import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { ConfigField, IN_APP_TARGET_KINDS, InAppTargetKind } from '@herald/plugin-sdk';

// A registry name: what Quay allows for users, organizations and team names (lower case, digits, . _ -).
const NAME = '[a-z0-9][a-z0-9._-]{0,254}';
const NAME_OF: Record<InAppTargetKind, RegExp> = {
  user: new RegExp(`^${NAME}$`),
  org: new RegExp(`^${NAME}$`),
  team: new RegExp(`^${NAME}/${NAME}$`),
};
const SHAPE_OF: Record<InAppTargetKind, string> = {
  user: 'a user name',
  org: 'an organization name',
  team: '<organization>/<team>',
};

/** The name must fit the kind beside it: a team is `<org>/<team>`, a user or an organization one name. */
function NameOfKind(): PropertyDecorator {
  const kindOf = (o: object) => (o as Partial<QuayNotificationTarget>).kind;
  return ValidateBy({
    name: 'targetNameOfKind',
    validator: {
      validate: (value, args) => {
        const kind = kindOf(args?.object ?? {});
        // An unknown kind is reported on `kind` itself.
        return !kind || !(kind in NAME_OF) || NAME_OF[kind].test(String(value));
      },
      defaultMessage: (args) => {
        const kind = kindOf(args?.object ?? {}) as InAppTargetKind;
        return `Unknown ${kind === 'org' ? 'organization' : kind} "${String(args?.value)}": must be ${SHAPE_OF[kind]} (lower case letters, digits, ".", "_", "-")`;
      },
    },
  });
}

export class QuayNotificationTarget {
  // Checked bottom-up, one message per field: "missing" before "invalid".
  @ConfigField({ title: 'Recipient kind', description: 'A user, a team of an organization, or a whole organization' })
  @IsIn(IN_APP_TARGET_KINDS, { message: `must be one of: ${IN_APP_TARGET_KINDS.join(', ')}` })
  @IsString({ message: 'Missing target kind' })
  @IsNotEmpty({ message: 'Missing target kind' })
  kind!: InAppTargetKind;

  @ConfigField({
    title: 'Recipient',
    description: 'The user name, the team as <organization>/<team>, or the organization name',
  })
  @NameOfKind()
  @IsString({ message: 'Missing target name' })
  @IsNotEmpty({ message: 'Missing target name' })
  name!: string;
}

/** Quay's `quay_notification` config: `{ target: { kind: user | team | org, name } }`. */
export class QuayNotificationConfig {
  @ConfigField({ title: 'Notify' })
  @ValidateNested()
  @Type(() => QuayNotificationTarget)
  @IsObject({ message: 'Missing target' })
  @IsNotEmpty({ message: 'Missing target' })
  target!: QuayNotificationTarget;
}
