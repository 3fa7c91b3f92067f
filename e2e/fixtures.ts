/**
 * The lab page fixture: every spec gets a LabPage and fails if the page logged a console
 * error or threw (ARCHITECTURE.md: no console errors).
 */
import { test as base, expect } from '@playwright/test';
import { LabPage } from './pages/lab-page';

export const test = base.extend<{ lab: LabPage; consoleErrors: string[] }>({
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
