import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_PUSH_SAMPLE } from '@herald/events';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { jwtFor } from './support/jwt.tokens';
import { openTestEnvironment, TestEnvironment } from './support/test-environment';

/**
 * The web console in Debian's headless Chromium against the built Herald on the real stack (NATS, FerretDB) and a
 * real receiving server. Everything is done through the page as a person would: paste a token, fill the forms
 * generated from GET /api/v1/methods, watch the bell, redeliver from the delivery log.
 *
 * Server routes it relies on beyond the repository API: GET /api/v1/methods (sign-in check and the generated form),
 * the quay_notification action, GET/PUT /api/v1/user/notifications and its SSE stream (the bell).
 */
const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../docs/screenshots');
const REPOSITORY = REPO_PUSH_SAMPLE.repository;
const USER = 'alice';
// Auto-waiting locators poll up to this long: generous for a loaded 2-core machine.
const UI_TIMEOUT = 20_000;

jest.setTimeout(180_000);

describe('the web console at /console', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    env = await openTestEnvironment('console');
    sink = await HttpSink.start();
    // The first delivery fails for good (a 4xx is not retried), so the log has something to redeliver.
    sink.respondWith((_req, index) =>
      index === 0 ? { status: 400, body: '{"error":"not ready yet"}' } : { status: 200, body: 'thanks' },
    );
    herald = await startHerald(env.heraldEnv);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    adminToken = await jwtFor(USER, [{ type: 'repository', name: REPOSITORY, actions: ['pull', 'push', 'admin'] }]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await herald?.stop();
    await sink?.close();
    await env?.close();
  });

  /** A fresh tab (its own sessionStorage) that records every console error and uncaught exception. */
  async function openTab(viewport = { width: 1200, height: 820 }) {
    const context: BrowserContext = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    context.setDefaultTimeout(UI_TIMEOUT);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()} at ${m.location().url}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${herald.url}/console/`);
    return { context, page, errors };
  }

  async function submitToken(page: Page, token: string) {
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signIn(page: Page, token: string) {
    await submitToken(page, token);
    await page.locator('.bell-button').waitFor();
  }

  async function openRepository(page: Page, repository: string) {
    await page.locator('#repo-jump').fill(repository);
    await page.locator('#repo-jump').press('Enter');
    await page.getByRole('heading', { level: 1, name: repository }).waitFor();
  }

  it('is served with a content security policy, and deep links load the same page', async () => {
    const res = await fetch(`${herald.url}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    const script = /src="\.\/(app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${herald.url}/console/${script}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${herald.url}/console`, { redirect: 'manual' })).status).toBe(301);
  });

  it('says so when the pasted token is not valid', async () => {
    const { context, page } = await openTab();
    await submitToken(page, 'not-a-token');
    await page.getByRole('alert').filter({ hasText: 'invalid or has expired' }).waitFor();
    // The token never reaches the address bar.
    expect(page.url()).not.toContain('not-a-token');
    await context.close();
  });

  it('says so when the token is not an admin of the repository', async () => {
    const { context, page } = await openTab();
    await signIn(page, await jwtFor('bob', [{ type: 'repository', name: 'other/repo', actions: ['admin'] }]));
    await openRepository(page, REPOSITORY);
    await page.getByRole('alert').filter({ hasText: 'not an admin of this repository' }).waitFor();
    await context.close();
  });

  it('creates a webhook and an in-app notification through the forms, rings the bell live, and redelivers', async () => {
    const { context, page, errors } = await openTab();
    await signIn(page, adminToken);
    await openRepository(page, REPOSITORY);

    // The webhook, generated from its schema. Sent once without its URL first: the server's 400 shows by the form.
    await page.getByRole('button', { name: 'New notification' }).click();
    await page.locator('#n-event').selectOption('repo_push');
    await page.locator('#n-method').selectOption('webhook');
    await page.getByRole('button', { name: 'Create notification' }).click();
    await page.locator('#form-problem').waitFor();
    expect(await page.locator('#form-problem').textContent()).toMatch(/url/i);
    await page.locator('#n-title').fill('CI hook');
    await page.locator('#n-filter-tag-regex').fill('^lat');
    await page.locator('#config-url').fill(`${sink.url}/hook`);
    expect(await page.locator('#config-url').getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Create notification' }).click();
    await page.getByRole('heading', { level: 3, name: 'CI hook' }).waitFor();

    // The in-app notification for the signed-in user: a nested object in its schema.
    await page.getByRole('button', { name: 'New notification' }).click();
    await page.locator('#n-method').selectOption('quay_notification');
    await page.locator('#n-title').fill('Tell me');
    await page.locator('#config-target-kind').selectOption('user');
    await page.locator('#config-target-name').fill(USER);
    await page.getByRole('button', { name: 'Create notification' }).click();
    await page.getByRole('heading', { level: 3, name: 'Tell me' }).waitFor();
    expect(await page.locator('.badge').count()).toBe(0);

    // An event on NATS: the count goes up over the stream, without a reload.
    await env.publisher.publish('repo_push', structuredClone(REPO_PUSH_SAMPLE) as never);
    await page.locator('.badge', { hasText: /^1$/ }).waitFor();
    await sink.waitFor(1);

    const bell = page.locator('.bell-button');
    await bell.click();
    const item = page.locator('.bell-list li.unread');
    await item.waitFor();
    expect(await item.textContent()).toContain(REPOSITORY);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-bell.png') });
    // Escape closes the drop-down and gives the focus back to the bell.
    await page.keyboard.press('Escape');
    await page.locator('#bell-panel').waitFor({ state: 'detached' });
    // (Strings, evaluated in the page: the test is compiled without the DOM's types.)
    expect(await page.evaluate("document.activeElement?.classList.contains('bell-button')")).toBe(true);

    // The webhook's delivery log: the failed first attempt, then a redelivery and its second attempt.
    await page
      .locator('article.notification', { has: page.getByRole('heading', { name: 'CI hook' }) })
      .getByRole('link', { name: 'Deliveries' })
      .click();
    await page.getByRole('heading', { level: 1, name: /Recent deliveries/ }).waitFor();
    // One event, so one delivery: first failed for good, then delivered once redelivered (the page follows it).
    const delivery = page.locator('li.delivery').first();
    await page.locator('li.delivery[data-status="failed"]').waitFor();
    await delivery.locator('.disclosure').click();
    await delivery.locator('[data-testid="attempt"]', { hasText: 'HTTP 400' }).waitFor();
    await delivery.getByRole('button', { name: /^Redeliver / }).click();
    await page.locator('li.delivery[data-status="delivered"]').waitFor();
    const second = delivery.locator('[data-testid="attempt"]', { hasText: 'Attempt 2' });
    await second.waitFor();
    expect(await second.textContent()).toContain('HTTP 200');
    expect(sink.requests).toHaveLength(2);
    await delivery.locator('summary', { hasText: 'Event payload' }).click();
    await delivery.locator('pre', { hasText: '"updated_tags"' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-deliveries.png'), fullPage: true });

    // Dismissed from the bell, the count is gone and stays gone after a reload.
    await bell.click();
    await page.getByRole('button', { name: /^Dismiss: / }).click();
    await page.locator('.badge').waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('li.delivery').first().waitFor();
    expect(await page.locator('.badge').count()).toBe(0);

    // Back on the repository page (the redelivery's success cleared the failure count): a test delivery, and a
    // deletion after confirming.
    await page.getByRole('link', { name: REPOSITORY }).click();
    const hook = page.locator('article.notification', { has: page.getByRole('heading', { name: 'CI hook' }) });
    await hook.getByText('0 of 3').waitFor();
    await hook.getByRole('button', { name: 'Test' }).click();
    await page.getByRole('status').filter({ hasText: 'Test event queued' }).waitFor();
    await sink.waitFor(3);
    const tellMe = page.locator('article.notification', { has: page.getByRole('heading', { name: 'Tell me' }) });
    await tellMe.getByRole('button', { name: 'Delete' }).click();
    await tellMe.getByRole('button', { name: 'Yes, delete' }).click();
    await tellMe.waitFor({ state: 'detached' });

    // Chromium itself logs every 4xx answer to fetch() as "Failed to load resource": the one 400 asked for above is
    // expected; anything else the page logged is a fault.
    const asked = (e: string) => e.includes('status of 400') && /\/notification\/$/.test(e);
    expect(errors.filter((e) => !asked(e))).toEqual([]);
    await context.close();
  });

  it('fits a phone screen: nothing wider than the viewport, the drop-down inside it', async () => {
    const width = 390;
    const { context, page, errors } = await openTab({ width, height: 844 });
    await signIn(page, adminToken);
    await openRepository(page, REPOSITORY);
    await page.locator('article.notification').first().waitFor();
    await page.locator('.bell-button').click();
    const panel = await page.locator('#bell-panel').boundingBox();
    expect(panel!.x).toBeGreaterThanOrEqual(0);
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(width);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(errors).toEqual([]);
    await context.close();
  });
});
