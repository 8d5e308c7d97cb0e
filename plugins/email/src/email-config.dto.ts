import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** Quay's email config: one recipient, confirmed for the repository beforehand (see authorizedemail). */
export class EmailConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid".
  @MaxLength(254, { message: 'Invalid e-mail address: at most 254 characters' })
  // Plain ASCII: a relay without SMTPUTF8 could not take anything else.
  @Matches(/^[\x21-\x7e]+$/, { message: 'Invalid e-mail address: ASCII characters only' })
  @IsEmail({ allow_utf8_local_part: false }, { message: 'Invalid e-mail address' })
  @IsString({ message: 'Missing e-mail address' })
  @IsNotEmpty({ message: 'Missing e-mail address' })
  email!: string;
}
