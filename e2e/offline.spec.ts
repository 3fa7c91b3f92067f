/**
 * Offline (issue 10): after one visit the service worker (vite-plugin-pwa's generateSW,
 * src/ui/pwa/register.ts) has precached the whole build, so with the network gone the lab, a
 * sample scenario, the scenario editor, pcap export, the terminal, the lessons and the study
 * pages all still open. And an update prompts instead of swapping code: a new worker waits
 * until the learner picks "Reload".
 *
 * Each Playwright test has a fresh browser context, so no worker survives from another spec
 * or an earlier run on the same port; the first test checks that.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { TerminalPane } from './pages/terminal';

const SHOTS = '/tmp/shots';

test.use({ serviceWorkers: 'allow' });

/** Waits until the worker has installed (precache done) and activated, then reloads until it controls the page. */
async function untilControlled(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('after one visit the lab, a sample, the editor, pcap, the terminal, lessons and study pages work offline', async ({
  lab,
  page,
  context,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await lab.goto();
  // a fresh context: nothing controls the first load, so nothing stale can be served
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
  await untilControlled(page);

  await context.setOffline(true);
  // really offline, service worker included: what the precache lacks does not load
  expect(
    await page.evaluate(() =>
      fetch('/not-precached.txt').then(
        () => 'fetched',
        () => 'failed',
      ),
    ),
  ).toBe('failed');
  // that failed fetch is the one error the page may log (the fixture checks the rest is empty)
  const disconnected = 'console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED';
  await expect.poll(() => consoleErrors.includes(disconnected)).toBe(true);
  consoleErrors.splice(consoleErrors.indexOf(disconnected), 1);
  await page.reload();
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await expect(lab.verdict).toContainText('delivered');
  await page.screenshot({ path: `${SHOTS}/offline-lab.png` });

  // the pcap writer is a lazy chunk
  const [capture] = await Promise.all([page.waitForEvent('download'), page.locator('.verdict__tools').getByRole('button', { name: 'Export pcap' }).click()]);
  expect(capture.suggestedFilename()).toBe('podpath-trace.pcap');

  // another sample from the picker, and its YAML file from public/scenarios
  await lab.scenario.selectOption('calico-bgp');
  await expect(lab.cni).toHaveValue('calico');
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  const yaml = await page.evaluate(() => fetch('/scenarios/calico-bgp.yaml').then((r) => r.text()));
  expect(yaml).toContain('cni: calico');
  const manifest = await page.evaluate(() => fetch('/manifests/seed-examples.yaml').then((r) => r.status));
  expect(manifest).toBe(200);

  // the scenario editor (schema and YAML chunks)
  await lab.openTool('Edit scenario');
  await expect(page.getByRole('textbox', { name: 'Scenario YAML' })).toHaveValue(/cni: calico/);

  // the terminal (xterm)
  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.run('ip route');
  await expect(term.screen).toContainText('proto bird');

  // a navigation to any route is answered with the precached index.html
  await page.goto('/lessons');
  await expect(page.getByRole('heading', { level: 1, name: 'Lessons' })).toBeVisible();
  await page
    .locator('.lesson-card')
    .filter({ hasText: 'BGP' })
    .getByRole('link', { name: /^Start / })
    .click();
  await expect(page).toHaveURL(/\/lessons\/calico-bgp\/how$/);
  await expect(page.locator('.lesson__kind')).toContainText('Step 1 of');

  await page.goto('/cards');
  await expect(page.getByRole('heading', { level: 1, name: 'Study cards' })).toBeVisible();
  await page.goto('/quiz');
  await expect(page.getByRole('heading', { level: 1, name: 'Quiz' })).toBeVisible();
  await page.goto('/drills/7');
  await expect(page.getByRole('heading', { level: 1, name: 'Incident drill 7' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('drill-ticket')).not.toBeEmpty();
});

test('a new version waits for "Reload": "Later" keeps the old one running, "Reload" lets the new one take over', async ({ lab, page }) => {
  test.setTimeout(90_000);
  // know when the page's own registration (workbox-window) has run, so the update below is its to see
  await page.addInitScript(() => {
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args: Parameters<typeof register>) {
      const p = register.apply(this, args);
      void p.then(() => ((window as unknown as { __swRegistered: number }).__swRegistered = 1));
      return p;
    };
  });
  await lab.goto();
  await untilControlled(page);
  await page.waitForFunction(() => (window as unknown as { __swRegistered?: number }).__swRegistered === 1);

  // The next deploy. Playwright cannot rewrite the worker script's own request (context.route
  // sees only what a worker fetches), so the new worker is the same build under a new script
  // URL: to the browser that is an update like any other, installed beside the one in control.
  const waiting = () => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting != null));
  await page.evaluate(() => {
    (window as unknown as { __samePage: boolean }).__samePage = true;
    return navigator.serviceWorker.register('/sw.js?next').then(() => undefined);
  });
  const notice = page.getByRole('status').filter({ hasText: 'A new version of podpath is ready' });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('button', { name: 'Reload' })).toBeEnabled();
  await page.screenshot({ path: `${SHOTS}/update-notice.png` });
  // nothing swapped by itself: the same page, the lab still answers, the new worker waits
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await expect(lab.verdict).toContainText('delivered');
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  expect(await waiting()).toBe(true);

  // "Later": the notice goes, the old version keeps running, the new one keeps waiting
  await notice.getByRole('button', { name: 'Later' }).click();
  await expect(notice).toHaveCount(0);
  await page.waitForTimeout(1000);
  expect(await waiting()).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);

  // the next visit offers it again (a reload alone does not activate a waiting worker)
  await page.reload();
  await expect(notice).toBeVisible();
  expect(await waiting()).toBe(true);
  await page.evaluate(() => ((window as unknown as { __samePage: boolean }).__samePage = true));

  // "Reload": the waiting worker takes over and the page reloads once it controls
  await notice.getByRole('button', { name: 'Reload' }).click();
  // within 5 s (the poll's limit): the takeover's reload, not register.ts's 10 s fallback
  await expect.poll(() => page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage ?? false).catch(() => true)).toBe(false);
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  await expect.poll(waiting).toBe(false);
  expect(
    await page.evaluate(() =>
      navigator.serviceWorker.getRegistration().then((r) => r?.active != null && navigator.serviceWorker.controller?.scriptURL === r.active.scriptURL),
    ),
  ).toBe(true);
  await expect(notice).toHaveCount(0);
});
