/** A whole flow by keyboard only: send, step through the hops, break something, read the verdict. */
import { test, expect } from './fixtures';
import type { Locator, Page } from '@playwright/test';

async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

async function focusOutline(el: Locator): Promise<string> {
  return el.evaluate((e) => getComputedStyle(e).outlineStyle);
}

test('keyboard only: send a cross-node ping, step, inspect, break, re-run', async ({ lab, page }) => {
  await lab.goto();
  await page.locator('body').click({ position: { x: 1, y: 1 } });

  await tabTo(page, lab.to);
  expect(await focusOutline(lab.to)).not.toBe('none');
  // To is a text field with suggestions: type the pod's name
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('web-1');
  await expect(lab.to).toHaveValue('web-1');

  await tabTo(page, lab.send);
  await page.keyboard.press('Enter');
  await expect(lab.verdict).toContainText('delivered');

  // Step back pauses playback and walks back to the first hop
  await tabTo(page, lab.stepBack);
  for (let i = 0; i < 40; i++) await page.keyboard.press('Enter');
  await expect(page.getByLabel('Hop position')).toHaveText(/^1 \//);
  await tabTo(page, lab.stepForward);
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Hop position')).toHaveText(/^3 \//);

  // jump to a hop from the list: the list is one Tab stop (the current hop), the arrows move in it, Enter selects
  const encap = lab.hopItems.filter({ hasText: 'wraps the frame' }).first().getByRole('button');
  await tabTo(page, lab.currentHop());
  expect(await focusOutline(lab.currentHop())).not.toBe('none');
  for (let i = 0; i < 30 && !(await encap.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowDown');
  await expect(encap).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(encap).toHaveAttribute('aria-current', 'step');
  await expect(page.getByText('Decided by the fdb table')).toBeVisible();

  // break something with Space; the last probe runs again
  const fault = page.getByLabel('node2 drops UDP 8472');
  await tabTo(page, fault);
  await page.keyboard.press('Space');
  await expect(lab.verdict).toContainText('dropped');

  // the tools drawer: arrow keys move between tabs
  const details = page.getByRole('tab', { name: 'Details', exact: true });
  await tabTo(page, details);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Terminal', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Flow log', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('table', { name: 'Flow log' })).toContainText('DROPPED');
});

test('keyboard only: pick a pod on the canvas with Enter and read its routes', async ({ lab, page }) => {
  await lab.goto();
  const web1 = lab.canvas.locator('.react-flow__node-pod').filter({ hasText: 'web-1' });
  await tabTo(page, web1, 120);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Inspect', { exact: true })).toHaveValue('pod:default/web-1');
  await expect(page.locator('.cli-block').filter({ hasText: 'ip route' })).toContainText('default via 10.244.2.1 dev eth0');
});
