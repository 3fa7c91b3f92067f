/**
 * The Quiz page (/quiz): a short timed exam — no feedback while it runs — ends with a score per
 * domain and a review of every answer; practice gives feedback and the explanation at once.
 */
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { seriousViolations } from './pages/axe';

/** Answers whatever question is on screen with its first offered option. */
async function answerFirst(page: Page) {
  const form = page.locator('form.quiz-card');
  const radios = form.getByRole('radio');
  const fix = form.getByRole('textbox', { name: /Commands to run at/ });
  if (await fix.count()) {
    await fix.fill('ip route');
    return;
  }
  await radios.first().check();
  // a prediction of a drop asks where and why: "Delivered" is the first verdict, so none is needed
}

test('take a short exam and see the score per domain and a review of every answer', async ({ page, consoleErrors }) => {
  void consoleErrors;
  await page.goto('/cards');
  const deckBefore = Number(
    await page
      .locator('.cards-counts div', { has: page.getByText('In the deck', { exact: true }) })
      .getByRole('definition')
      .textContent(),
  );
  await page.goto('/quiz');
  await expect(page.getByRole('heading', { level: 1, name: 'Quiz' })).toBeVisible();
  await page.getByRole('radio', { name: /Exam/ }).check();
  await page.getByLabel('Exam', { exact: true }).selectOption('CKA');
  await page.getByLabel('Questions', { exact: true }).fill('3');
  await expect(page.getByRole('status').filter({ hasText: 'the quiz draws 3' })).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/quiz-setup.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Start the exam' }).click();

  await expect(page.getByRole('timer', { name: 'Time left' })).toHaveText(/^\d+:\d\d$/);
  const steps = page.getByRole('navigation', { name: 'Questions' }).getByRole('button');
  await expect(steps).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await expect(page.getByRole('heading', { name: new RegExp(`^Question ${i + 1} of 3`) })).toBeVisible();
    await answerFirst(page);
    // exam mode: no feedback while it runs
    await expect(page.locator('.quiz-feedback')).toHaveCount(0);
    if (i === 0) {
      await page.screenshot({ path: '/tmp/shots/quiz-exam.png', fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    }
    if (i < 2) await page.getByRole('button', { name: 'Next', exact: true }).click();
  }
  await expect(page.getByRole('button', { name: /^Question \d, answered$/ })).toHaveCount(3);
  await expect(page.getByText('All answered')).toBeVisible();
  await page.getByRole('button', { name: 'Finish the exam' }).click();

  await expect(page.getByRole('heading', { name: 'Exam result' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.quiz-report__score')).toHaveText(/^\d of 3 right \(\d+%\)$/);
  const table = page.getByRole('table', { name: 'Score per domain' });
  const rows = table.getByRole('row');
  const n = await rows.count();
  expect(n).toBeGreaterThanOrEqual(2); // header + at least one domain
  let total = 0;
  for (let i = 1; i < n; i++) {
    await expect(rows.nth(i).getByRole('rowheader')).toHaveText(/^CKA: /);
    const [right, of] = ((await rows.nth(i).getByRole('cell').first().textContent()) ?? '').split('/').map((x) => Number(x.trim()));
    expect(right).toBeLessThanOrEqual(of);
    total += of;
  }
  expect(total).toBe(3);
  const review = page.getByRole('list', { name: 'Review of every answer' }).locator(':scope > li');
  await expect(review).toHaveCount(3);
  await expect(review.first().locator('.quiz-feedback__explanation')).not.toBeEmpty();
  await page.screenshot({ path: '/tmp/shots/quiz-result.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // every wrong answer's card joins the study deck
  const right = Number(/^(\d) of 3/.exec((await page.locator('.quiz-report__score').textContent()) ?? '')![1]);
  await page.getByRole('link', { name: 'Cards', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Study cards' })).toBeVisible();
  const inDeck = page.locator('.cards-counts div', { has: page.getByText('In the deck', { exact: true }) }).getByRole('definition');
  await expect(inDeck).toHaveText(String(deckBefore + 3 - right));
});

test('practice gives feedback and the explanation after each answer', async ({ page, consoleErrors }) => {
  void consoleErrors;
  await page.goto('/quiz');
  await page.getByLabel('Questions', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start practice' }).click();
  await answerFirst(page);
  await page.getByRole('button', { name: 'Check' }).click();
  const feedback = page.locator('.quiz-feedback');
  await expect(feedback).toBeVisible({ timeout: 20_000 });
  await expect(feedback.getByRole('heading')).toHaveText(/^(Correct|Not right|Partly right)/);
  await expect(feedback.getByRole('button', { name: 'Show in the lab' })).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/quiz-practice.png', fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Next question' }).click();
  await expect(page.getByRole('heading', { name: /^Question 2 of 2/ })).toBeVisible();
});

test('an exam ends by itself when its time is up, and unanswered questions count as wrong', async ({ page, consoleErrors }) => {
  void consoleErrors;
  await page.clock.install();
  await page.goto('/quiz');
  await page.getByRole('radio', { name: /Exam/ }).check();
  await page.getByLabel('Questions', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start the exam' }).click();
  await expect(page.getByRole('timer', { name: 'Time left' })).toBeVisible();
  await page.clock.fastForward('30:00');
  await expect(page.getByRole('heading', { name: 'Exam result' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.quiz-report__score')).toHaveText('0 of 2 right (0%) — time ran out');
});
