/**
 * The lab page fixture: every spec gets a LabPage and fails if the page logged a console
 * error or threw (ARCHITECTURE.md: no console errors).
 */
import { test as base, expect } from '@playwright/test';
import { LabPage } from './pages/lab-page';

export const test = base.extend<{ lab: LabPage; consoleErrors: string[]; predictFirst: boolean }>({
  /**
   * The lab hides the verdict until playback reaches the deciding hop (src/ui/playback/reveal.ts).
   * Specs about other things see it at once, as a learner who turned predict-first off does;
   * `test.use({ predictFirst: true })` keeps the learner's default.
   */
  predictFirst: [false, { option: true }],
  page: async ({ page, predictFirst }, provide) => {
    if (!predictFirst) await page.addInitScript(() => localStorage.setItem('podpath.verdictAtOnce', '1'));
    await provide(page);
  },
  consoleErrors: async ({ page }, provide) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await provide(errors);
    expect(errors, 'the page logged errors').toEqual([]);
  },
  lab: async ({ page, consoleErrors }, provide) => {
    void consoleErrors;
    await provide(new LabPage(page));
  },
});

export { expect };
