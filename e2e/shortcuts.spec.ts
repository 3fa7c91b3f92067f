/**
 * The lab page's keyboard shortcuts (src/ui/keyboard): a whole probe by keyboard alone, the
 * playback keys, a fault by keyboard, the `?` dialog, and the hop list as one Tab stop.
 */
import { test, expect } from './fixtures';
import { seriousViolations } from './pages/axe';
import type { Locator, Page } from '@playwright/test';

async function isFocused(el: Locator): Promise<boolean> {
  return el.evaluate((e) => e === document.activeElement);
}

async function tabTo(page: Page, target: Locator, key = 'Tab', max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`could not reach ${target} with ${key}`);
}

const position = (page: Page) => page.getByLabel('Hop position');

test('keyboard alone: send, play and pause with Space, ← → Home End, break something, the skip links', async ({ lab, page }) => {
  await lab.goto();
  const toCanvas = page.getByRole('link', { name: 'Skip to the canvas' });
  const toPlayback = page.getByRole('link', { name: 'Skip to playback' });
  await page.keyboard.press('Tab');
  await expect(toCanvas).toBeFocused();
  expect((await toCanvas.boundingBox())!.y).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Enter');
  const canvas = page.locator('#canvas');
  await expect(canvas).toBeFocused();
  expect(await canvas.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');

  await tabTo(page, lab.to);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('web-1');
  // typing in a text field is typing: no shortcut fired (the cursor did not move, no dialog)
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('?');
  await expect(lab.to).toHaveValue('web-?1');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('web-1');
  await tabTo(page, lab.send);
  await page.keyboard.press('Enter');
  await expect(lab.verdict).toContainText('delivered');

  // back to the skip links and on to playback
  await tabTo(page, toPlayback, 'Shift+Tab');
  await page.keyboard.press('Enter');
  const playback = page.locator('#playback');
  await expect(playback).toBeFocused();
  expect(await playback.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');

  const total = Number((await position(page).textContent())!.split('/')[1]);
  expect(total).toBeGreaterThan(5);
  await page.keyboard.press('Home');
  await expect(position(page)).toHaveText(`1 / ${total}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toHaveText(`3 / ${total}`);
  await page.keyboard.press('ArrowLeft');
  await expect(position(page)).toHaveText(`2 / ${total}`);
  await page.keyboard.press('End');
  await expect(position(page)).toHaveText(`${total} / ${total}`);
  await expect(lab.currentHop()).toContainText('echo reply reaches client');

  // Space plays (from the first hop again once at the end) and pauses
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  await expect(position(page)).not.toHaveText(`1 / ${total}`);
  await page.keyboard.press('Space');
  const at = await position(page).textContent();
  await page.waitForTimeout(1500);
  await expect(position(page)).toHaveText(at!);
  await expect(playback).toBeFocused();

  // Space on a focused switch toggles it (its native meaning), and the last probe runs again
  const fault = lab.fault('node2 drops UDP 8472');
  await tabTo(page, fault);
  await page.keyboard.press('Space');
  await expect(fault).toBeChecked();
  await expect(lab.verdict).toContainText('dropped');
  // the arrows still step from there (a checkbox has no use for them)
  await page.keyboard.press('End');
  const dropped = Number((await position(page).textContent())!.split('/')[1]);
  await page.keyboard.press('ArrowLeft');
  await expect(position(page)).toHaveText(`${dropped - 1} / ${dropped}`);
});

test('? opens the shortcuts dialog; Escape closes it and focus returns; the button opens it too', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.stepForward.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const text of [
    'Play or pause the trace',
    'Step back one hop',
    'Step forward one hop',
    'Go to the first hop',
    'Go to the last hop',
    'Leave presenter mode',
  ])
    await expect(dialog).toContainText(text);
  await expect(dialog).toContainText('Space on a focused button, checkbox, switch, tab, link or canvas node presses or toggles it');
  // the page's shortcuts sleep while the dialog is open
  const at = await position(page).textContent();
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toHaveText(at!);
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(lab.stepForward).toBeFocused();

  const button = page.getByRole('button', { name: 'Shortcuts (?)' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();
});

test('the hop list is one Tab stop: the arrows move between hops and seek there', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.stepBack.focus();
  await page.keyboard.press('Home');
  const total = await lab.hopItems.count();
  await expect(lab.hops.locator('button[tabindex="0"]')).toHaveCount(1);

  await tabTo(page, lab.currentHop());
  await expect(lab.currentHop()).toContainText('client sends an ICMP echo request');
  await page.keyboard.press('ArrowDown');
  await expect(position(page)).toHaveText(`2 / ${total}`);
  await expect(lab.currentHop()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toHaveText(`3 / ${total}`);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await expect(position(page)).toHaveText(`1 / ${total}`);
  await page.keyboard.press('End');
  await expect(position(page)).toHaveText(`${total} / ${total}`);
  await expect(lab.currentHop()).toBeFocused();
  await expect(lab.hops.locator('button[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('Home');
  await expect(lab.currentHop()).toBeFocused();
  // Enter selects the focused hop (it stays the current one)
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(position(page)).toHaveText(`2 / ${total}`);

  // one Tab leaves the list, one Shift+Tab comes back to the current hop
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('.hop-list'))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(lab.currentHop()).toBeFocused();
});

test('no shortcuts on a study page; a lesson step’s lab has them', async ({ lab, page }) => {
  await page.goto('/cards');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.keyboard.press('?');
  await page.keyboard.press('p');
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.app.is-presenter')).toHaveCount(0);

  await page.goto('/lessons/calico-bgp/guess');
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  // the shortcuts load after the first paint: a key pressed before that is not heard yet
  await expect(async () => {
    await page.locator('body').press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible({ timeout: 1000 });
  }).toPass();
});

test.describe('predict first', () => {
  test.use({ predictFirst: true });

  test('the hop list shows the hops up to the cursor and says how many are hidden', async ({ lab, page }) => {
    await lab.goto();
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await lab.pause.click();
    await lab.stepBack.focus();
    await page.keyboard.press('Home');
    const total = Number((await position(page).textContent())!.split('/')[1]);
    await expect(lab.hopItems).toHaveCount(1);
    await expect(page.getByText(`${total - 1} more hops — play or step to reveal them (predict first)`)).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(lab.hopItems).toHaveCount(2);
    // the arrow in the list reveals the next hop too
    await tabTo(page, lab.currentHop());
    await page.keyboard.press('ArrowDown');
    await expect(lab.hopItems).toHaveCount(3);
    await expect(lab.currentHop()).toBeFocused();
    await page.keyboard.press('End');
    await expect(lab.hopItems).toHaveCount(total);
    await expect(page.getByText(/more hops? — play or step/)).toHaveCount(0);
  });
});
