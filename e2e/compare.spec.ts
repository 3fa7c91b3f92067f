/** Switching VXLAN ↔ host-gw redraws the lab from the engine; the comparison shows both side by side. */
import { test, expect } from './fixtures';
import { labOf, sampleScenario, traces } from './engine-oracle';
import { runProbe, type Scenario } from '../src/engine';

test('switch mode VXLAN ↔ host-gw and compare', async ({ lab, page }) => {
  await lab.goto();
  const vx = sampleScenario('flannel-vxlan');
  const hg: Scenario = { ...vx, cluster: { ...vx.cluster, mode: 'host-gw' } };

  await lab.mode.selectOption('host-gw');
  await expect(lab.canvas.locator('.device-node--vxlan')).toHaveCount(0);
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  const [hgTrace] = traces(hg, [{ from: 'client', to: 'web-1', protocol: 'icmp', size: 56, df: false }]);
  await expect(lab.hopItems).toHaveCount(hgTrace.hops.length);
  expect(await lab.hopNotes()).toEqual(hgTrace.hops.map((h) => h.note));
  await expect(page.locator('.hop__wrapped')).toHaveCount(0);

  // back to VXLAN: the last probe runs again on the rebuilt lab
  await lab.mode.selectOption('vxlan');
  await expect(lab.canvas.locator('.device-node--vxlan')).toHaveCount(2);
  const [vxTrace] = traces(vx, [{ from: 'client', to: 'web-1', protocol: 'icmp', size: 56, df: false }]);
  await expect(lab.hopItems).toHaveCount(vxTrace.hops.length);

  await lab.openTool('Compare');
  // the first selection: the shape on screen and the other shapes' defaults, overlay vs routed vs eBPF vs cloud
  await expect(page.getByRole('article', { name: 'calico BGP' })).toContainText('0 bytes');
  await expect(page.getByRole('article', { name: 'cilium VXLAN' })).toContainText('50 bytes');
  await expect(page.getByRole('article', { name: 'vpc ENI' })).toContainText('8973 bytes');
  // at most four: host-gw can be picked once another shape is let go
  await expect(page.getByRole('checkbox', { name: 'flannel host-gw' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'vpc ENI' }).uncheck();
  await page.getByRole('checkbox', { name: 'flannel host-gw' }).check();
  await expect(page.getByRole('article', { name: 'vpc ENI' })).toHaveCount(0);
  const vxCol = page.getByRole('article', { name: 'flannel VXLAN' });
  const hgCol = page.getByRole('article', { name: 'flannel host-gw' });
  await expect(vxCol).toContainText('50 bytes');
  await expect(hgCol).toContainText('0 bytes');
  await expect(vxCol.getByRole('list')).toHaveCount(1);
  await expect(vxCol.getByRole('listitem')).toHaveCount(vxTrace.hops.length);
  await expect(hgCol.getByRole('listitem')).toHaveCount(hgTrace.hops.length);

  // the max DF payload shown is the engine's edge: it gets through, one byte more does not
  for (const [col, s] of [
    [vxCol, vx],
    [hgCol, hg],
  ] as const) {
    const text = await col.locator('dt:has-text("Max DF payload") + dd').textContent();
    const max = Number(/(\d+) bytes/.exec(text ?? '')?.[1]);
    const ping = (size: number) => runProbe(labOf(s), { from: 'client', to: 'web-1', protocol: 'icmp', size, df: true }).trace.verdict;
    expect(ping(max)).toBe('delivered');
    expect(ping(max + 1)).not.toBe('delivered');
  }
  await expect(page.getByRole('img', { name: 'Encapsulation overhead against underlay MTU' })).toBeVisible();
});
