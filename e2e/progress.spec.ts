/**
 * Issue 8 §5: progress kept in the browser, versioned, exported and imported as a file;
 * corrupt or partial data is recovered with a notice and a backup — never a blank page, never
 * lost silently.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';

const SHOTS = '/tmp/shots';
const KEY = 'podpath.progress';

const good = {
  version: 1,
  lessons: { 'calico-bgp': { step: 'guess', done: { how: 1, healthy: 1 } } },
  cards: {},
  extraCards: [],
  quiz: [],
  drills: [],
};

async function storeText(page: import('@playwright/test').Page, text: string): Promise<void> {
  await page.goto('/lessons');
  // the page has loaded (and saved) its progress first, so nothing writes over the text stored here
  await expect(page.locator('.lesson-card').first()).toBeVisible();
  await page.evaluate(([k, t]) => localStorage.setItem(k, t), [KEY, text]);
}

async function storage(page: import('@playwright/test').Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k) ?? ''])));
}

test('corrupt stored progress is recovered with a notice, and the unreadable text is kept', async ({ page }) => {
  await storeText(page, '{"version":1,"lessons":{"calico-bgp":');
  await page.reload();
  const notice = page.getByRole('status').filter({ hasText: 'saved progress' });
  await expect(notice).toContainText('not readable JSON');
  await expect(notice).toContainText('podpath.progress.backup.');
  await page.screenshot({ path: `${SHOTS}/progress-corrupt.png` });
  const all = await storage(page);
  const backups = Object.entries(all).filter(([k]) => k.startsWith('podpath.progress.backup.'));
  expect(backups.map(([, v]) => v)).toEqual(['{"version":1,"lessons":{"calico-bgp":']);
  // the page works: the lessons are listed, and the recovered progress was saved in place
  await expect(page.locator('.lesson-card').first()).toBeVisible();
  expect(JSON.parse(all[KEY]).version).toBe(1);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'saved progress' })).toHaveCount(0);
});

test('partly broken progress keeps what is valid and names what was dropped', async ({ page }) => {
  await storeText(page, JSON.stringify({ ...good, lessons: { ...good.lessons, dns: 'oops' }, drills: [{ seed: 'x' }] }));
  await page.reload();
  const notice = page.getByRole('status').filter({ hasText: 'saved progress' });
  await expect(notice).toContainText('lessons.dns');
  await expect(notice).toContainText('drills[0]');
  await expect(page.locator('.lesson-card').filter({ hasText: 'BGP' })).toContainText('2 of 5 steps done');
});

test('an older (unversioned) progress object is upgraded quietly', async ({ page }) => {
  await storeText(page, JSON.stringify({ lessons: { 'calico-bgp': ['how', 'healthy', 'routed-ping'] } }));
  await page.reload();
  await expect(page.locator('.lesson-card').filter({ hasText: 'BGP' })).toContainText('3 of 5 steps done');
  await expect(page.getByRole('status').filter({ hasText: 'saved progress' })).toHaveCount(0);
});

test('export, then import: a bad file changes nothing and says why; a good file is restored', async ({ page }, info) => {
  await storeText(page, JSON.stringify(good));
  await page.reload();
  const card = page.locator('.lesson-card').filter({ hasText: 'BGP' });
  await expect(card).toContainText('2 of 5 steps done');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^podpath-progress-\d{4}-\d{2}-\d{2}\.json$/);
  const saved = info.outputPath('export.json');
  await download.saveAs(saved);
  const exported = JSON.parse(readFileSync(saved, 'utf8'));
  expect(exported).toMatchObject({ format: 'podpath-progress', version: 1, progress: good });

  const picker = page.getByLabel('Progress file to import');
  await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toContainText('notes.txt: The file is not JSON');
  await picker.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...exported, progress: { ...good, quiz: [{}] } })),
  });
  await expect(page.getByRole('alert')).toContainText('quiz[0]');
  await expect(card).toContainText('2 of 5 steps done');
  expect(JSON.parse((await storage(page))[KEY])).toEqual(good);

  await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ version: 1 })), KEY);
  await page.reload();
  await expect(card).toContainText('0 of 5 steps done');
  await page.getByLabel('Progress file to import').setInputFiles(saved);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('Imported 1 lesson(s)');
  await expect(card).toContainText('2 of 5 steps done');
  await page.screenshot({ path: `${SHOTS}/progress-imported.png` });
  await page.reload();
  await expect(card).toContainText('2 of 5 steps done');
});

test('the main navigation: every page a URL of its own, the current one marked', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Lab' })).toHaveAttribute('aria-current', 'page');
  for (const [name, path] of [
    ['Lessons', '/lessons'],
    ['Drills', '/drills'],
    ['Cards', '/cards'],
    ['Quiz', '/quiz'],
  ] as const) {
    await nav.getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  }
});
