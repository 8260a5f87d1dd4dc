// The whole browser flow in headless Chromium (playwright-core driving the system's
// /usr/bin/chromium): sign in through the emulator's real sign-in page, see one's own orders
// only, place one, refresh the access token (expiry, a 401, a reload), sign out. Screenshots
// go to test/e2e/artifacts/.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:tls';
import { DEMO, type Emulator } from '@entra-guard/emulator';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOrder, startStack, type Stack } from './stack.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('./artifacts/', import.meta.url);
const A = DEMO.tenantA.id;
const BOB = DEMO.users.bob;

/** base64(SHA-256(SPKI)) of the emulator's TLS certificate, for --ignore-certificate-errors-spki-list. */
function leafSpkiHash(emu: Emulator): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: emu.port, ca: emu.caPem, servername: 'localhost' }, () => {
      const leaf = socket.getPeerX509Certificate();
      socket.end();
      if (leaf === undefined) return reject(new Error('the emulator presented no certificate'));
      resolve(createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64'));
    });
    socket.once('error', reject);
  });
}

const rows = (page: Page): Promise<string[]> => page.locator('#orders-body tr td:first-child').allTextContents();

describe('the orders page in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Statuses of the page's POST /auth/token calls. */
  const tokenCalls: number[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the browser test needs Debian's chromium package (.ci/run installs it with apt-get install chromium)`);
    }
    // localhost, not 127.0.0.1: the cookies then carry Secure, as they would in production.
    stack = await startStack({ host: 'localhost', tenant: 'organizations' });
    await seedOrder(stack, BOB, A, 'Stapler', 2);
    await seedOrder(stack, DEMO.users.alice, A, 'Desk lamp (Alice)', 1);
    await seedOrder(stack, DEMO.users.erin, DEMO.tenantB.id, 'Notebook (Erin, other tenant)', 5);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Trust exactly the emulator's certificate, nothing else.
        `--ignore-certificate-errors-spki-list=${await leafSpkiHash(stack.emu)}`,
      ],
    });
    context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-GB', timezoneId: 'UTC' });
    page = await context.newPage();
    page.on('response', (r) => {
      if (r.url() === `${stack.origin}/auth/token`) tokenCalls.push(r.status());
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      // Chromium logs every 4xx response ("Failed to load resource"); the 401s and the 403 here are deliberate.
      if (m.type() === 'error' && m.location().url.startsWith(stack.origin) && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  // Path=/auth: only URLs under /auth see it.
  const sessionCookie = async () => (await context.cookies(`${stack.origin}/auth/token`)).find((c) => c.name === 'orders-session');

  it(
    'signs in, lists own orders only, places one, refreshes, and signs out',
    async () => {
      // Playwright's clock, so the test can move the page past the access token's expiry.
      await page.clock.install();
      await page.goto(stack.origin);
      await page.locator('#signed-out').waitFor();
      expect(await page.locator('#sign-in').textContent()).toBe('Sign in');

      // Sign in through the emulator's own page.
      await page.click('#sign-in');
      await page.waitForURL((url) => url.href.startsWith(stack.emu.origin));
      await page.fill('#credentials input[name="login"]', BOB.upn);
      await page.fill('#credentials input[name="passwd"]', BOB.password);
      await page.click('#credentials button[type="submit"]');
      await page.waitForURL(`${stack.origin}/`);
      await page.locator('body[data-ready="true"]').waitFor();

      expect(await page.textContent('#user-name')).toBe(BOB.name);
      expect(await page.textContent('#user-username')).toBe(BOB.upn);
      expect(await page.textContent('#tenant-id')).toBe(A);
      expect(await rows(page)).toEqual(['Stapler']);
      expect(await page.locator('#error').isHidden()).toBe(true);

      // The refresh token is in an HttpOnly, Secure, Strict cookie; nothing is stored in the page.
      const cookie = await sessionCookie();
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/auth' });
      expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);
      // The first visit found no session (401), the sign-in one (200).
      expect(tokenCalls).toEqual([401, 200]);

      // Place an order.
      await page.fill('#item', 'Blue widgets');
      await page.fill('#quantity', '3');
      await page.click('#place-order');
      await page.locator('#orders-body tr', { hasText: 'Blue widgets' }).waitFor();
      expect(await page.textContent('#notice')).toBe('Order placed: 3 × Blue widgets.');
      expect(await rows(page)).toEqual(['Blue widgets', 'Stapler']);
      expect(await page.textContent('#orders-body tr:first-child td.num')).toBe('3');

      // A validation error is shown in words, without a request.
      await page.fill('#item', '');
      await page.click('#place-order');
      expect(await page.textContent('#error')).toBe('Enter the item you want to order.');

      // The access token expires (the page's clock jumps two hours): the next call refreshes first.
      await page.clock.fastForward('02:00:00');
      await page.click('#reload');
      await page.locator('#orders-body tr', { hasText: 'Blue widgets' }).waitFor();
      await expect.poll(() => tokenCalls).toEqual([401, 200, 200]);
      const afterExpiry = await sessionCookie();
      expect(afterExpiry?.value).not.toBe(cookie?.value);
      expect(await page.textContent('#token-info')).toContain('obtained 2 times');

      // The API refuses the token once (revoked, say): the page refreshes and retries by itself.
      let refusals = 0;
      await page.route(`${stack.origin}/api/orders`, async (route) => {
        if (refusals++ === 0) {
          await route.fulfill({ status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, contentType: 'application/problem+json', body: '{"status":401}' });
        } else {
          await route.continue();
        }
      });
      await page.click('#reload');
      await expect.poll(() => tokenCalls).toEqual([401, 200, 200, 200]);
      await expect.poll(() => rows(page)).toEqual(['Blue widgets', 'Stapler']);
      expect(await page.locator('#error').isHidden()).toBe(true);
      await page.unroute(`${stack.origin}/api/orders`);

      // A reload keeps nothing in the page: the refresh cookie gets a new token (rotated again).
      await page.reload();
      await page.locator('body[data-ready="true"]').waitFor();
      expect(await page.textContent('#user-name')).toBe(BOB.name);
      expect(await rows(page)).toEqual(['Blue widgets', 'Stapler']);
      expect(tokenCalls).toEqual([401, 200, 200, 200, 200]);
      expect((await sessionCookie())?.value).not.toBe(afterExpiry?.value);

      expect(await page.locator('#signed-in').isVisible()).toBe(true);
      await page.screenshot({ path: new URL('browser-flow.png', ARTIFACTS).pathname, fullPage: true });

      // A 403 from the API is shown in words.
      await page.route(`${stack.origin}/api/orders`, (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({ status: 403, contentType: 'application/problem+json', body: '{"status":403,"title":"Forbidden"}' })
          : route.continue(),
      );
      await page.fill('#item', 'Forbidden fruit');
      await page.click('#place-order');
      await expect.poll(() => page.textContent('#error')).toBe('The order was not placed: You are not allowed to do this (403).');
      await page.unroute(`${stack.origin}/api/orders`);

      // Sign out: the cookie goes, the emulator's session ends, the page says so.
      await page.click('#sign-out');
      await page.waitForURL(`${stack.origin}/`);
      await page.locator('#signed-out').waitFor();
      expect(await page.textContent('#notice')).toBe('You signed out.');
      expect(await sessionCookie()).toBeUndefined();
      await page.screenshot({ path: new URL('browser-signed-out.png', ARTIFACTS).pathname, fullPage: true });

      // Signing in again asks for the password: the authority's session ended too.
      await page.click('#sign-in');
      await page.waitForURL((url) => url.href.startsWith(stack.emu.origin));
      expect(await page.locator('#credentials input[name="passwd"]').isVisible()).toBe(true);

      expect(problems).toEqual([]);
    },
    90_000,
  );
});
