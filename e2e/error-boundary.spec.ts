/**
 * Error boundaries (issue 10): a part of the page that fails — here its code chunk does not load,
 * as after a deploy replaced it or offline — shows what failed, and the rest of the page keeps
 * working: the other drawer tabs, the canvas and the send form; the navigation of a study page;
 * the lab under a lesson whose panel failed. React reports an error a boundary caught with
 * console.error, so these tests collect the console themselves and allow only that one error.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { LabPage } from './pages/lab-page';

// the service worker would answer from its cache, past the routes below
test.use({ serviceWorkers: 'block' });

const FORCED = 'forced failure for the error-boundary test';

/** Serves a chunk whose name starts with `chunk` as a module that throws when it is evaluated. */
async function breakChunk(page: Page, chunk: string): Promise<void> {
  await page.route(new RegExp(`/assets/${chunk}-[\\w-]+\\.js$`), (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: `throw new Error(${JSON.stringify(FORCED)});` }),
  );
}

function consoleOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

const onlyForced = (errors: readonly string[]) =>
  expect(
    errors.filter((e) => !e.includes(FORCED)),
    'other console errors',
  ).toEqual([]);

test('a drawer tab that fails shows what failed; the other tabs, the canvas and the send form still work', async ({ page }) => {
  const errors = consoleOf(page);
  await breakChunk(page, 'ComparePanel');
  const lab = new LabPage(page);
  await lab.goto();
  await lab.openTool('Compare');
  const crash = page.getByRole('tabpanel').getByRole('alert');
  await expect(crash).toContainText('The compare tab stopped working.');
  await expect(crash).toContainText(FORCED);
  await expect(crash.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.screenshot({ path: '/tmp/harden-shots/error-boundary-drawer.png' });

  // the rest of the lab: a probe, its verdict, the flow log tab
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  await lab.openTool('Flow log');
  await expect(page.getByRole('table', { name: 'Flow log' })).toContainText('web-1');
  await expect(lab.canvas.locator('.react-flow__node-pod').first()).toBeVisible();
  onlyForced(errors);
});

test('a tab whose code does not download offers a reload, not a retry that cannot work; the reload brings the lab and the tab back', async ({ page }) => {
  const errors = consoleOf(page);
  const chunk = /\/assets\/ComparePanel-[\w-]+\.js$/;
  await page.route(chunk, (route) => route.abort());
  const lab = new LabPage(page);
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.openTool('Compare');
  const crash = page.getByRole('tabpanel').getByRole('alert');
  await expect(crash).toContainText('The compare tab stopped working.');
  await expect(crash).toContainText('Its code could not be downloaded.');
  await expect(crash.getByRole('button', { name: 'Try again' })).toHaveCount(0);
  await page.unroute(chunk);
  // the address bar holds the moment (a share link, written once playback is paused): the probe goes in it
  const before = await page.evaluate(() => location.hash);
  await lab.pause.click();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
  await crash.getByRole('button', { name: 'Reload the page' }).click();
  await expect(lab.verdict).toContainText('delivered');
  await lab.openTool('Compare');
  await expect(page.getByRole('img', { name: 'Encapsulation overhead against underlay MTU' })).toBeVisible();
  // only the aborted download and React's report of the error it caught
  expect(errors.filter((e) => !/ERR_FAILED|dynamically imported module|The above error occurred|stopped working/.test(e))).toEqual([]);
});

test('a study page that fails shows what failed inside its frame; the navigation still works', async ({ page }) => {
  const errors = consoleOf(page);
  await breakChunk(page, 'CardsPage');
  await page.goto('/cards');
  const crash = page.getByRole('alert');
  await expect(crash).toContainText('The cards stopped working.');
  await expect(crash).toContainText(FORCED);
  await page.screenshot({ path: '/tmp/harden-shots/error-boundary-study.png' });
  await page.getByRole('navigation').getByRole('link', { name: 'Lessons' }).click();
  await expect(page.locator('.lesson-card').first()).toBeVisible();
  onlyForced(errors);
});

test('a lesson whose panel fails leaves the lab under it working', async ({ page }) => {
  const errors = consoleOf(page);
  await breakChunk(page, 'LessonPanel');
  await page.goto('/lessons');
  await page.locator('.lesson-card').first().getByRole('link').first().click();
  const crash = page.getByRole('alert').filter({ hasText: 'stopped working' });
  await expect(crash).toContainText('The lesson panel stopped working.');
  const lab = new LabPage(page);
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  await lab.send.click();
  await expect(lab.verdict).toBeVisible();
  await page.screenshot({ path: '/tmp/harden-shots/error-boundary-lesson.png' });
  onlyForced(errors);
});
