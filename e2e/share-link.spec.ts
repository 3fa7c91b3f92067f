/**
 * The URL carries the exact moment (v2): scenario, probe, send form, hop, selection, panel,
 * presenter mode. Old v1 links still open; a bad, newer or oversized link shows an error and
 * the default lab, never a blank page.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { sampleScenario, traces } from './engine-oracle';
import { shareHash } from '../src/ui/store/share-link';

/** The address bar once the debounced, compressed hash write has settled. */
async function settledUrl(page: Page): Promise<string> {
  await expect(page).toHaveURL(/#v=2&s=[\w-]+$/);
  await expect
    .poll(async () => {
      const a = page.url();
      await page.waitForTimeout(400);
      return a === page.url();
    })
    .toBe(true);
  return page.url();
}

test('a bad share link shows an error and the default lab', async ({ lab, page }) => {
  await lab.goto('#scenario=eyJub3QiOiJhIHNjZW5hcmlvIn0');
  await expect(lab.banner).toContainText('does not hold a valid scenario');
  await expect(lab.banner).toContainText('apiVersion');
  await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue('flannel-vxlan');
  await expect(lab.podNode('client')).toBeVisible();
  await expect(lab.podNode('web-1')).toBeVisible();
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await expect(lab.verdict).toContainText('delivered');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(lab.banner).toHaveCount(0);
});

test('garbage in the hash is a clear error too', async ({ lab }) => {
  await lab.goto('#scenario=%%%not-base64');
  await expect(lab.banner).toContainText('could not be decoded');
  await expect(lab.podNode('client')).toBeVisible();
});

test('a link from a newer podpath says so; a cut-off v2 link names what is wrong', async ({ lab, page }) => {
  await lab.goto('#v=3&s=AAAA');
  await expect(lab.banner).toContainText('made by a newer podpath (v3); this one reads up to v2');
  await expect(lab.podNode('client')).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  const url = await settledUrl(page);
  const other = await page.context().newPage();
  await other.goto(url.slice(0, url.length - 40));
  await expect(other.getByRole('alert')).toContainText('damaged', { timeout: 20_000 });
  await expect(other.getByRole('alert')).toContainText('cut short');
  await expect(other.locator('.react-flow__node-pod').filter({ hasText: 'client' })).toBeVisible();
});

test('an old v1 link (#scenario=…) still opens the lab it holds', async ({ lab, page }) => {
  const s = sampleScenario('flannel-vxlan');
  await lab.goto(shareHash({ ...s, cluster: { ...s.cluster, mode: 'host-gw' } }));
  await expect(lab.mode).toHaveValue('host-gw');
  await expect(lab.banner).toHaveCount(0);
  // and the address bar now holds the same lab as a v2 link
  await settledUrl(page);
});

test('a share link reopens the same lab', async ({ lab, page, context }) => {
  await lab.goto();
  await lab.mode.selectOption('host-gw');
  await page.getByLabel('Pod MTU', { exact: true }).selectOption('1400');
  const url = await settledUrl(page);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByLabel('Mode', { exact: true })).toHaveValue('host-gw', { timeout: 20_000 });
  await expect(other.getByLabel('Pod MTU', { exact: true })).toHaveValue('1400');
  await expect(other.locator('.react-flow__node-pod').first()).toContainText('mtu 1400');
  await expect(other.getByRole('alert')).toHaveCount(0);
});

test('a link made in one page opens the exact moment in a fresh page', async ({ lab, page, browser }) => {
  const [cross] = traces(sampleScenario('flannel-vxlan'), [{ from: 'client', to: 'web-1', protocol: 'icmp', size: 1000, df: true }]);
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 1000, df: true });
  await lab.pause.click();
  await lab.hopItems.nth(4).getByRole('button').click();
  await expect(lab.currentHop()).toContainText(cross.hops[4].note);
  await lab.openTool('Details');
  await page.getByLabel('Inspect', { exact: true }).selectOption('node2');
  await lab.openTool('Flow log');
  // the form as left: another size typed, not sent
  await lab.size.fill('1200');
  const url = await settledUrl(page);

  // a fresh browser context: nothing shared with the first page but the URL
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await other.addInitScript(() => localStorage.setItem('podpath.verdictAtOnce', '1'));
  await other.goto(url);
  const hops = other.getByRole('list', { name: 'Hops', exact: true });
  // decoding loads the link's chunks and the validator first: allow for a slow machine
  await expect(other.getByRole('status', { name: 'Verdict', exact: true })).toContainText('client → web-1 · icmp 1000 B · DF', { timeout: 20_000 });
  await expect(hops.getByRole('listitem')).toHaveCount(cross.hops.length);
  await expect(hops.locator('[aria-current="step"]')).toContainText(cross.hops[4].note);
  await expect(other.getByLabel('Hop position')).toHaveText(`5 / ${cross.hops.length}`);
  // paused there: still on hop 5 a while later
  await other.waitForTimeout(1500);
  await expect(other.getByLabel('Hop position')).toHaveText(`5 / ${cross.hops.length}`);
  await expect(other.getByRole('tab', { name: 'Flow log', exact: true })).toHaveAttribute('aria-selected', 'true');
  await other.getByRole('tab', { name: 'Details', exact: true }).click();
  await expect(other.getByLabel('Inspect', { exact: true })).toHaveValue('node2');
  await expect(other.getByLabel('Size', { exact: true })).toHaveValue('1200');
  await expect(other.getByLabel("Don't fragment", { exact: true })).toBeChecked();
  await expect(other.getByLabel('To', { exact: true })).toHaveValue('web-1');
  await expect(other.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('presenter mode travels in the link', async ({ lab, page, browser }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1' });
  await lab.pause.click();
  await page.keyboard.press('p');
  await expect(page.locator('.app')).toHaveClass(/is-presenter/);
  const url = await settledUrl(page);
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto(url);
  await expect(other.locator('.app')).toHaveClass(/is-presenter/, { timeout: 20_000 });
  await expect(other.getByRole('list', { name: 'Hops', exact: true }).locator('[aria-current="step"]')).toBeVisible();
  await ctx.close();
});
