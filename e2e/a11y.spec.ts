/** axe-core finds no serious or critical violations, in every state a learner visits. */
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no serious axe violations: first load, a trace, each tool', async ({ lab, page }) => {
  await lab.goto();
  expect(await seriousViolations(page)).toEqual([]);

  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  expect(await seriousViolations(page)).toEqual([]);

  for (const tool of ['Terminal', 'Compare', 'Flow log'] as const) {
    await lab.openTool(tool);
    await page.waitForTimeout(300);
    expect(await seriousViolations(page), tool).toEqual([]);
  }
});

test('no serious axe violations with a fault on and an error banner', async ({ lab, page }) => {
  await lab.goto('#scenario=not-a-scenario');
  await page.getByLabel('node2 drops UDP 8472').check();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  expect(await seriousViolations(page)).toEqual([]);
});
