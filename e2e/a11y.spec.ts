/** axe-core finds no serious or critical violations, in every state a learner visits. */
import { test, expect } from './fixtures';
import { seriousViolations } from './pages/axe';

test('no serious axe violations: first load, a trace, each tool', async ({ lab, page }) => {
  // five axe runs over the whole page, each tool's panel mounted beside the last: over a minute on a busy machine
  test.setTimeout(150_000);
  await lab.goto();
  expect(await seriousViolations(page)).toEqual([]);

  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  expect(await seriousViolations(page)).toEqual([]);

  for (const tool of ['Terminal', 'Compare', 'Flow log', 'Policies'] as const) {
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

test('no serious axe violations with Services and DNS: a lookup on screen, a NAT hop inspected, the simplifications dialog', async ({ lab, page }) => {
  await lab.goto();
  await lab.scenario.selectOption('services-dns');
  await page
    .getByRole('group', { name: 'Scenario probes' })
    .getByRole('button', { name: /^by-name/ })
    .click();
  await lab.pause.click();
  await lab.hopItems.filter({ hasText: 'DNAT 10.96.100.10:80' }).first().getByRole('button').click();
  await page.getByLabel('Address rewrite').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'What the lab simplifies' }).click();
  await page.getByRole('dialog', { name: 'What the lab simplifies' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});
