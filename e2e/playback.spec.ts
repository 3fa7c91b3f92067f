/**
 * Playback plays exactly the engine's trace: one hop list item per hop, the same notes in
 * the same order, and the canvas marker and highlight follow the cursor.
 */
import { test, expect } from './fixtures';
import { sampleScenario, traces } from './engine-oracle';
import type { ProbeSpec } from '../src/engine';

const sameNode: ProbeSpec = { from: 'client', to: 'web-0', protocol: 'icmp', size: 56, df: false };
const crossNode: ProbeSpec = { from: 'client', to: 'web-1', protocol: 'icmp', size: 56, df: false };

test('Flannel VXLAN: same-node and cross-node pings animate exactly the engine trace', async ({ lab }) => {
  await lab.goto();
  await lab.pickShape('flannel', 'host-gw');
  await lab.pickShape('flannel', 'vxlan');
  await expect(lab.mode).toHaveValue('vxlan');
  await expect(lab.canvas.getByText('flannel.1').first()).toBeVisible();

  const [same, cross] = traces(sampleScenario('flannel-vxlan'), [sameNode, crossNode]);

  await lab.sendProbe({ from: 'client', to: 'web-0', size: 56 });
  await expect(lab.hopItems).toHaveCount(same.hops.length);
  expect(await lab.hopNotes()).toEqual(same.hops.map((h) => h.note));
  await expect(lab.verdict).toContainText(same.verdict);

  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.hopItems).toHaveCount(cross.hops.length);
  expect(await lab.hopNotes()).toEqual(cross.hops.map((h) => h.note));
  await expect(lab.verdict).toContainText('delivered');

  // the marker travels: playing, it reaches the last hop on its own
  await lab.speed.selectOption('4');
  await expect(lab.page.getByLabel('Hop position')).toHaveText(`${cross.hops.length} / ${cross.hops.length}`, { timeout: 20_000 });
  await expect(lab.currentHop()).toContainText(cross.hops.at(-1)!.note);
});

test('step, pause and play keep the hop list and the canvas in step', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await lab.pause.click();
  await lab.stepBack.click();
  await expect(lab.currentHop()).toContainText('client sends an ICMP echo request');
  await expect(page.locator('.packet-layer')).toHaveCount(1);

  // hop 4 crosses the veth pair to node1's host side: the canvas lights the host veth
  for (let i = 0; i < 3; i++) await lab.stepForward.click();
  await expect(page.getByLabel('Hop position')).toHaveText(/^4 \//);
  await expect(lab.currentHop()).toContainText('crosses the veth pair');
  await expect(page.locator('.device-node--veth.is-current')).toHaveCount(1);

  // the encapsulated hop: the marker is drawn wrapped
  const encap = lab.hopItems.filter({ hasText: 'wraps the frame' }).first();
  await encap.getByRole('button').click();
  await expect(page.locator('.packet__wrap')).toHaveCount(1);
  await expect(page.locator('.device-node--vxlan.is-current')).toHaveCount(1);

  await lab.play.click();
  await lab.pause.click();
  const at = await page.getByLabel('Hop position').textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByLabel('Hop position')).toHaveText(at!);
});
