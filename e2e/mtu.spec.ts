/**
 * MTU: pod MTU 1500 on VXLAN gets ICMP fragmentation-needed (mtu 1450) from node1, as the
 * kernel does; mismatched underlay MTUs lose a large packet silently at node2's NIC.
 */
import { test, expect } from './fixtures';
import { labOf, sampleScenario } from './engine-oracle';
import { runProbe, type Scenario } from '../src/engine';

test('pod MTU 1500 + a 1472-byte DF ping: rejected with fragmentation-needed (mtu 1450) at node1', async ({ lab, page }) => {
  await lab.goto();
  await page.getByLabel('Pod MTU', { exact: true }).selectOption('1500');
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 1472, df: true });

  const base = sampleScenario('flannel-vxlan');
  const s: Scenario = { ...base, cluster: { ...base.cluster, podMTU: 1500 } };
  const { trace } = runProbe(labOf(s), { from: 'client', to: 'web-1', protocol: 'icmp', size: 1472, df: true });
  expect(trace).toMatchObject({ verdict: 'rejected', reason: 'FRAG_NEEDED', icmp: { mtu: 1450 } });

  await expect(lab.verdict).toContainText('rejected');
  await expect(lab.verdict).toContainText('FRAG_NEEDED');
  await expect(lab.verdict).toContainText('fragmentation needed');
  await expect(lab.verdict).toContainText('mtu 1450');
  await expect(lab.verdict).toContainText('at node1');
  await expect(lab.hopItems).toHaveCount(trace.hops.length);
  expect(await lab.hopNotes()).toEqual(trace.hops.map((h) => h.note));
  await expect(lab.hopItems.filter({ hasText: 'ICMP fragmentation needed (mtu 1450)' }).first()).toContainText('node1');
});

test('different underlay MTUs: a large packet is lost silently at node2 eth0', async ({ lab, page }) => {
  await lab.goto();
  await page.getByLabel('node2 NIC MTU', { exact: true }).selectOption('1400');
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 1400 });

  const base = sampleScenario('flannel-vxlan');
  const s: Scenario = { ...base, cluster: { ...base.cluster, nodes: base.cluster.nodes.map((n) => (n.name === 'node2' ? { ...n, mtu: 1400 } : n)) } };
  const { trace } = runProbe(labOf(s), { from: 'client', to: 'web-1', protocol: 'icmp', size: 1400, df: false });
  const drop = trace.hops.find((h) => h.kind === 'drop')!;
  expect(drop).toMatchObject({ node: 'node2', device: 'eth0' });

  await expect(lab.verdict).toContainText('dropped');
  await expect(lab.verdict).toContainText('FRAME_TOO_BIG');
  await expect(lab.hopItems).toHaveCount(trace.hops.length);
  expect(await lab.hopNotes()).toEqual(trace.hops.map((h) => h.note));
  const dropItem = page.locator('.hop--drop');
  await expect(dropItem).toHaveCount(1);
  await expect(dropItem).toContainText('node2 · host · eth0');
  await expect(dropItem).toContainText('dropped silently');
  // nothing came back: no reply or error hop after the drop
  await expect(page.locator('.hop--reply, .hop--error')).toHaveCount(0);
  // the canvas shows the drop where it happened, with its reason
  await expect(page.getByLabel('Hop position')).toHaveText(`${trace.hops.length} / ${trace.hops.length}`, { timeout: 20_000 });
  await expect(page.locator('.device-node--nic.is-failed')).toContainText('eth0');
  await expect(page.locator('.packet--dropped')).toHaveCount(1);
  await expect(page.locator('.packet-callout')).toContainText('dropped silently');
});

test('a fault toggle re-runs the last probe: node2 drops UDP 8472', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  await page.getByLabel('node2 drops UDP 8472').check();
  await expect(lab.verdict).toContainText('dropped');
  await expect(page.getByText('iptables -I INPUT -p udp --dport 8472 -j DROP (on node2)')).toBeVisible();
  await page.getByLabel('node2 drops UDP 8472').uncheck();
  await expect(lab.verdict).toContainText('delivered');
});

test('Clear all faults turns every fault off at once and the last probe runs again', async ({ lab, page }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await page.getByLabel('node2 drops UDP 8472').check();
  await expect(lab.verdict).toContainText('dropped');
  await page.getByRole('button', { name: 'Clear all faults (1)' }).click();
  await expect(lab.verdict).toContainText('delivered');
  await expect(page.getByLabel('node2 drops UDP 8472')).not.toBeChecked();
  await expect(page.getByRole('button', { name: /Clear all faults/ })).toHaveCount(0);
});
