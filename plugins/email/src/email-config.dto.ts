import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ConfigField } from '@herald/plugin-sdk';

/** Quay's email config: one recipient, confirmed for the repository beforehand (see authorizedemail). */
export class EmailConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid".
  @MaxLength(254, { message: 'Invalid e-mail address: at most 254 characters' })
  // Plain ASCII: a relay without SMTPUTF8 could not take anything else.
  @Matches(/^[\x21-\x7e]+$/, { message: 'Invalid e-mail address: ASCII characters only' })
  @IsEmail({ allow_utf8_local_part: false }, { message: 'Invalid e-mail address' })
  @IsString({ message: 'Missing e-mail address' })
  @IsNotEmpty({ message: 'Missing e-mail address' })
  @ConfigField({
    title: 'E-mail address',
    description: 'Must be confirmed for the repository first (authorized e-mails)',
  })
  email!: string;
}
