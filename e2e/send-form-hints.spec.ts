/**
 * An input that cannot be sent says why next to the field, instead of silently disabling Send
 * (issue 9, keyboard and forms); the lab page has one h1 naming the lab and its scenario.
 */
import { test, expect } from './fixtures';

test('an invalid Size says why next to the field; fixing it enables Send again; the page has an h1', async ({ lab, page }) => {
  await lab.goto();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('flannel-vxlan');
  const size = page.getByLabel('Size', { exact: true });
  await size.fill('70000');
  await expect(page.getByRole('alert').filter({ hasText: 'at most 65507 bytes' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await size.fill('56');
  await expect(page.getByText('payload bytes, as ping -s')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
});
