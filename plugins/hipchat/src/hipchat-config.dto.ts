import { IsNotEmpty, IsString, ValidateBy } from 'class-validator';
import { ConfigField, SecretField } from '@herald/plugin-sdk';

/** Quay's UI sends the room id as typed (a string); a JSON number is accepted too. */
const IsRoomId = (): PropertyDecorator =>
  ValidateBy({
    name: 'isRoomId',
    validator: {
      validate: (v: unknown) =>
        (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) ||
        (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v)),
      defaultMessage: () => 'Hipchat Room ID must be a number',
    },
  });

export class HipchatConfig {
  // Checked bottom-up, one message per field: "missing" before "invalid".
  @IsRoomId()
  @IsNotEmpty({ message: 'Missing Hipchat Room ID' })
  @ConfigField({ title: 'Room ID', schema: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } })
  room_id!: string | number;

  @IsString({ message: 'Missing Hipchat Room Notification Token' })
  @IsNotEmpty({ message: 'Missing Hipchat Room Notification Token' })
  @SecretField()
  @ConfigField({ title: 'Room notification token' })
  notification_token!: string;
}
