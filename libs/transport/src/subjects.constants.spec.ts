import {
  DEAD_LETTER_EVENTS_SUBJECT,
  EVENTS_SUBJECTS,
  deliverySubject,
  domainSubject,
  eventSubject,
  kindFromEventSubject,
  pluginDurable,
  sourceDeadLetterSubject,
} from './subjects.constants';

describe('kindFromEventSubject', () => {
  it.each([
    ['registry.events.repo_push', 'repo_push'],
    ['registry.events.build_success', 'build_success'],
    ['registry.events.vulnerability_found', 'vulnerability_found'],
  ])('reads %p as %p', (subject, kind) => {
    expect(kindFromEventSubject(subject)).toBe(kind);
  });

  it('ignores tokens after the kind', () => {
    expect(kindFromEventSubject('registry.events.repo_push.quay.example.com')).toBe('repo_push');
    expect(kindFromEventSubject('registry.events.build_start.ns.repo')).toBe('build_start');
  });

  it('does not check that the kind is known', () => {
    expect(kindFromEventSubject('registry.events.something_else')).toBe('something_else');
  });

  it.each([
    'herald.deliveries.webhook',
    'registry.event.repo_push',
    'registry.eventsrepo_push',
    'x.registry.events.repo_push',
    'registry.events',
    '',
  ])('is undefined for %p, which lacks the prefix', (subject) => {
    expect(kindFromEventSubject(subject)).toBeUndefined();
  });

  it.each(['registry.events.', 'registry.events..repo_push'])('is undefined for %p, which has no kind', (subject) => {
    expect(kindFromEventSubject(subject)).toBeUndefined();
  });

  it('reads back what eventSubject builds', () => {
    expect(kindFromEventSubject(eventSubject('repo_push'))).toBe('repo_push');
    expect(eventSubject('repo_push')).toBe('registry.events.repo_push');
  });
});

describe('subject builders', () => {
  it('builds the subjects Herald speaks', () => {
    expect(EVENTS_SUBJECTS).toBe('registry.events.>');
    expect(DEAD_LETTER_EVENTS_SUBJECT).toBe('herald.deadletter.events');
    expect(sourceDeadLetterSubject('cloudevents')).toBe('herald.deadletter.sources.cloudevents');
    expect(deliverySubject('webhook')).toBe('herald.deliveries.webhook');
    expect(domainSubject('delivery.outcome')).toBe('herald.domain.delivery.outcome');
    expect(pluginDurable('webhook')).toBe('herald-action-webhook');
  });
});
