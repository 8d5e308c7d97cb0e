import { checkSourceSubject } from './source-subject';

describe('checkSourceSubject', () => {
  it.each(['zot.events', 'zot.>', 'registry.zot', 'acme.*.events'])('takes %s', (subject) => {
    expect(() => checkSourceSubject('V', subject)).not.toThrow();
  });

  it.each([
    ['zot events', /not a NATS subject/],
    ['zot..events', /not a NATS subject/],
    ['zot.>.x', /not a NATS subject/],
    ['registry.events.repo_push', /overlaps registry\.events/],
    ['registry.*.x', /overlaps registry\.events/],
    ['herald.deadletter.x', /overlaps herald/],
    ['>', /overlaps/],
    ['*.deadletter', /overlaps herald/],
  ])('refuses %s', (subject, reason) => {
    expect(() => checkSourceSubject('HERALD_SOURCE_X_NATS_SUBJECT', subject)).toThrow(reason);
  });
});
