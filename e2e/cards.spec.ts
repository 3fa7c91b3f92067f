/**
 * The Cards page (/cards): review with the keyboard only — Space reveals, 1–4 rate — each rating
 * button naming its next interval; the schedule survives a reload; "Export for Anki" downloads
 * the deck as Anki's tab-separated import with its header lines.
 */
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { seriousViolations } from './pages/axe';

const count = async (page: Page, name: string) =>
  Number(
    await page
      .locator('.cards-counts div', { has: page.getByRole('term').getByText(name, { exact: true }) })
      .getByRole('definition')
      .textContent(),
  );

/** Anki's tab-separated records: a field in double quotes may hold tabs, newlines and doubled quotes. */
function records(body: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === '\t') endField();
    else if (c === '\n') {
      endField();
      out.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    endField();
    out.push(row);
  }
  return out;
}

async function counts(page: Page) {
  return { due: await count(page, 'Due'), fresh: await count(page, 'New'), learned: await count(page, 'Learned'), total: await count(page, 'In the deck') };
}

test('review cards with the keyboard; the schedule is kept across a reload', async ({ page, consoleErrors }) => {
  void consoleErrors;
  await page.goto('/cards');
  await expect(page.getByRole('heading', { level: 1, name: 'Study cards' })).toBeVisible();
  const before = await counts(page);
  expect(before.total).toBeGreaterThanOrEqual(80);
  expect(before).toMatchObject({ due: 0, learned: 0, fresh: before.total });
  await expect(page.getByRole('list').filter({ hasText: 'reveal the answer' })).toBeVisible();

  const card = page.getByRole('region', { name: 'Card' });
  const answer = page.getByRole('region', { name: 'Answer' });
  const fronts: string[] = [];
  for (const key of ['3', '4', '1']) {
    const front = (await card.locator('.study-card__front').textContent()) ?? '';
    fronts.push(front);
    await expect(answer).toHaveCount(0);
    await page.keyboard.press('Space');
    await expect(answer).toBeVisible();
    // each rating names when the card comes back
    const ratings = page.getByRole('group', { name: 'Rate this card' }).getByRole('button');
    await expect(ratings).toHaveCount(4);
    await expect(ratings.nth(2)).toHaveAccessibleName(/^Good: next review in /);
    await expect(ratings.nth(0).locator('.rating__interval')).toHaveText(/^(<1m|\d+(\.\d)?(m|h|d|mo|y))$/);
    if (fronts.length === 1) {
      await page.screenshot({ path: '/tmp/shots/cards-revealed.png', fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    }
    await page.keyboard.press(key);
    await expect(card.locator('.study-card__front')).not.toHaveText(front);
  }
  expect(new Set(fronts).size).toBe(3);
  await expect.poll(() => counts(page)).toMatchObject({ fresh: before.total - 3, learned: 3, due: 0 });

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Study cards' })).toBeVisible();
  expect(await counts(page)).toMatchObject({ fresh: before.total - 3, learned: 3 });
  // the reviewed cards are not shown again until due: the next card is a fourth one
  await expect(card.locator('.study-card__front')).not.toHaveText(fronts[0]);
  await page.screenshot({ path: '/tmp/shots/cards-front.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
});

test('Export for Anki downloads the deck as a tab-separated file with its header lines', async ({ page, consoleErrors }) => {
  void consoleErrors;
  await page.goto('/cards');
  const total = (await counts(page)).total;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export for Anki' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.txt$/);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.split('\n');
  const header = lines.filter((l) => l.startsWith('#'));
  // Anki's import header (docs.ankiweb.net "Importing" › "File Headers")
  expect(header).toContain('#separator:tab');
  expect(header.some((l) => l.startsWith('#html:'))).toBe(true);
  expect(header.some((l) => l.startsWith('#tags column:'))).toBe(true);
  const rows = records(text.split('\n').slice(header.length).join('\n'));
  expect(rows).toHaveLength(total);
  for (const r of rows) {
    expect(r).toHaveLength(3);
    expect(r[2].split(' ')).toContain('podpath');
  }
});
