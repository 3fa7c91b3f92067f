/** The URL carries the scenario; a bad link shows an error and the default lab, never a blank page. */
import { test, expect } from './fixtures';

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

test('a share link reopens the same lab', async ({ lab, page, context }) => {
  await lab.goto();
  await lab.mode.selectOption('host-gw');
  await page.getByLabel('Pod MTU', { exact: true }).selectOption('1400');
  await expect(page).toHaveURL(/#scenario=/);
  const url = page.url();

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByLabel('Mode', { exact: true })).toHaveValue('host-gw');
  await expect(other.getByLabel('Pod MTU', { exact: true })).toHaveValue('1400');
  await expect(other.locator('.react-flow__node-pod').first()).toContainText('mtu 1400');
  await expect(other.getByRole('alert')).toHaveCount(0);
});
