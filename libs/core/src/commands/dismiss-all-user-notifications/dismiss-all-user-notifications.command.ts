import { PersonalCommand } from '../../permissions/herald.command';

/** Dismisses every undismissed notification the actor sees, for the actor only. */
export class DismissAllUserNotificationsCommand extends PersonalCommand<{ dismissed: number }> {}
