import { BuildEventPayload } from './build-event.payload';

/** The optional trigger fields the seed repeats in every build event sample; spread into each of them. */
export const BUILD_TRIGGER_SAMPLE: Pick<BuildEventPayload, 'trigger_kind' | 'trigger_id' | 'trigger_metadata'> = {
  trigger_kind: 'github',
  trigger_id: 'some-id-here',
  trigger_metadata: {
    default_branch: 'master',
    ref: 'refs/heads/somebranch',
    commit: '42d4a62c53350993ea41069e9f2cfdefb0df097d',
    commit_info: {
      url: 'http://path/to/the/commit',
      message: 'Some commit message',
      date: 2395748365,
      author: {
        username: 'fakeauthor',
        url: 'http://path/to/fake/author/in/scm',
        avatar_url: 'http://www.gravatar.com/avatar/fakehash',
      },
      committer: {
        username: 'fakecommitter',
        url: 'http://path/to/fake/comitter/in/scm',
        avatar_url: 'http://www.gravatar.com/avatar/fakehash',
      },
    },
  },
};
