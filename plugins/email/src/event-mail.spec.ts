import { EVENT_CATALOGUE, EVENT_KINDS } from '@herald/events';
import { eventMail } from './event-mail';

const notification = {
  uuid: 'n-1',
  repository: 'mynamespace/repository',
  event: 'repo_push' as const,
  method: 'email',
  config: {},
  event_config: {},
  title: null,
};

describe('eventMail', () => {
  it.each(EVENT_KINDS)('renders the %s sample with its summary as subject and its facts in both bodies', (kind) => {
    const payload = { ...EVENT_CATALOGUE[kind].sample } as Record<string, unknown>;
    const mail = eventMail(kind, payload, { ...notification, event: kind });
    expect(mail.subject).toBe(EVENT_CATALOGUE[kind].summary(payload));
    expect(mail.text).toMatch(/^Repository: +mynamespace\/repository/m);
    expect(mail.html).toContain('mynamespace/repository');
    expect(mail.html).toContain(`href="${payload.homepage as string}"`);
  });

  it('escapes everything that comes from the payload in the HTML body and links only http(s)', () => {
    const payload = {
      ...EVENT_CATALOGUE.repo_push.sample,
      repository: 'ns/<script>alert(1)</script>',
      homepage: 'javascript:alert(1)',
      updated_tags: ['"><img src=x onerror=alert(1)>'],
    };
    const { html, text } = eventMail('repo_push', payload, notification);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript:');
    expect(text).toContain('<script>alert(1)</script>');
  });

  it('lists the first tags and counts the rest, as Quay', () => {
    const tags = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const { text } = eventMail('repo_push', { ...EVENT_CATALOGUE.repo_push.sample, updated_tags: tags }, notification);
    expect(text).toContain('t9 (and 2 more)');
  });
});
