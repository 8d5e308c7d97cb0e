import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Quay's email config: one recipient, confirmed for the repository beforehand (see authorizedemail). */
export class EmailConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid".
  @MaxLength(254, { message: 'Invalid e-mail address: at most 254 characters' })
  @IsEmail({}, { message: 'Invalid e-mail address' })
  @IsString({ message: 'Missing e-mail address' })
  @IsNotEmpty({ message: 'Missing e-mail address' })
  email!: string;
}
