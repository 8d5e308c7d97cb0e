import { NestedField, NumberField, StringField } from './payload-field.decorators';

// What the build trigger (GitHub, GitLab, Bitbucket, custom git) knew about the commit; every field is optional
// because manual builds and custom triggers know little. Unknown fields are kept, as at the top level.

export class CommitUser {
  [field: string]: unknown;

  @StringField('optional')
  username?: string;

  @StringField('optional')
  url?: string;

  @StringField('optional')
  avatar_url?: string;
}

export class CommitInfo {
  [field: string]: unknown;

  @StringField('optional')
  url?: string;

  @StringField('optional')
  message?: string;

  /** Seconds since the epoch. */
  @NumberField('optional')
  date?: number;

  @NestedField(() => CommitUser, 'optional')
  author?: CommitUser;

  @NestedField(() => CommitUser, 'optional')
  committer?: CommitUser;
}

export class TriggerMetadata {
  [field: string]: unknown;

  @StringField('optional')
  default_branch?: string;

  @StringField('optional')
  ref?: string;

  @StringField('optional')
  commit?: string;

  @NestedField(() => CommitInfo, 'optional')
  commit_info?: CommitInfo;
}
