/**
 * Predict first (the learner's default): the verdict and the hops ahead stay hidden until
 * playback reaches the deciding hop; "Show verdict now" reveals one trace; "Always show the
 * verdict at once" is remembered; the flow log keeps showing outcomes.
 */
import { test, expect } from './fixtures';
import { sampleScenario, traces } from './engine-oracle';

test.use({ predictFirst: true });

const SHOTS = '/tmp/share-shots';
const [cross] = traces(sampleScenario('flannel-vxlan'), [{ from: 'client', to: 'web-1', protocol: 'icmp', size: 56, df: false }]);

test('a cross-node ping: hidden at hop 1, revealed at the end, the flow log still says it', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.hopItems.first().getByRole('button').click();
  await expect(page.getByLabel('Hop position')).toHaveText(`1 / ${cross.hops.length}`);
  await expect(lab.verdict).toContainText('Predict first: what will happen to this packet?');
  await expect(lab.verdict).toContainText(`deciding hop (hop ${cross.hops.length})`);
  await expect(lab.verdict).not.toContainText('delivered');
  await expect(lab.verdict.locator('.verdict__badge')).toHaveCount(0);
  // later hops are not listed
  await expect(lab.hopItems).toHaveCount(1);
  // the canvas lights only where the packet has been: the target pod is not lit
  await expect(lab.podNode('web-1').locator('.is-current, .is-visited')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/verdict-hidden.png` });

  // the flow log is a summary: it shows the outcome
  await lab.openTool('Flow log');
  await expect(page.locator('.flow__verdict').first()).toHaveText('FORWARDED');

  // stepping forward shows one more hop, still no verdict
  await lab.stepForward.click();
  await expect(lab.hopItems).toHaveCount(2);
  await expect(lab.verdict).not.toContainText('delivered');

  // End: the whole trace and the verdict
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('End');
  await expect(page.getByLabel('Hop position')).toHaveText(`${cross.hops.length} / ${cross.hops.length}`);
  await expect(lab.verdict).toContainText('delivered');
  await expect(lab.hopItems).toHaveCount(cross.hops.length);
  await expect(lab.podNode('web-1').locator('.is-visited, .is-current')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Show verdict now' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/verdict-revealed.png` });
});

test('"Show verdict now" reveals this trace only', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.hopItems.first().getByRole('button').click();
  await page.getByRole('button', { name: 'Show verdict now' }).click();
  await expect(lab.verdict).toContainText('delivered');
  await expect(lab.hopItems).toHaveCount(cross.hops.length);
  await expect(page.getByLabel('Hop position')).toHaveText(`1 / ${cross.hops.length}`);
  // the next packet is predicted again
  await lab.sendProbe({ from: 'client', to: 'web-0', size: 56 });
  await lab.pause.click();
  await lab.hopItems.first().getByRole('button').click();
  await expect(lab.verdict).toContainText('Predict first');
  await expect(lab.verdict).not.toContainText('delivered');
});

test('presenter mode: the room predicts, then v (or the button) shows the verdict; the exports stay hidden', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.hopItems.first().getByRole('button').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await expect(page.locator('.app.is-presenter')).toHaveCount(1);
  await expect(lab.verdict).toContainText('Predict first');
  await expect(page.getByRole('button', { name: 'Show verdict now' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export pcap' })).toBeHidden();
  await expect(page.getByLabel('Always show the verdict at once', { exact: true })).toBeHidden();
  await page.keyboard.press('v');
  await expect(lab.verdict).toContainText('delivered');
  await expect(page.getByLabel('Hop position')).toHaveText(`1 / ${cross.hops.length}`);
  // revealed: no reveal button, and no empty row where the tools were
  await expect(page.getByRole('button', { name: 'Show verdict now' })).toHaveCount(0);
  await expect(page.locator('.verdict__tools:visible')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/presenter-verdict-revealed.png` });
});

test('"Always show the verdict at once" is remembered across a reload', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  const always = page.getByLabel('Always show the verdict at once', { exact: true });
  await expect(always).not.toBeChecked();
  await always.check();
  await expect(lab.verdict).toContainText('delivered');

  await page.goto('/');
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.hopItems.first().getByRole('button').click();
  await expect(page.getByLabel('Hop position')).toHaveText(`1 / ${cross.hops.length}`);
  await expect(lab.verdict).toContainText('delivered');
  await expect(lab.hopItems).toHaveCount(cross.hops.length);
  await expect(page.getByLabel('Always show the verdict at once', { exact: true })).toBeChecked();
  // and off again: predict first is back
  await page.getByLabel('Always show the verdict at once', { exact: true }).uncheck();
  await expect(lab.verdict).toContainText('Predict first');
});
