/** The canvas draws the cluster from the engine's model and stays usable from 2 to 10 nodes. */
import { test, expect } from './fixtures';
import { dataScenario, labOf } from './engine-oracle';
import { shareHash } from '../src/ui/store/share-link';
import { runProbe } from '../src/engine';

test('a sample scenario loads on demand: broken-underlay draws host-gw with node2 eth0 at mtu 1400', async ({ lab, page }) => {
  await lab.goto();
  await page.getByLabel('Scenario', { exact: true }).selectOption('broken-underlay');
  await expect(lab.mode).toHaveValue('host-gw');
  await expect(lab.canvas.locator('.device-node--vxlan')).toHaveCount(0);
  await expect(lab.canvas.locator('.react-flow__node[data-id="dev:node2/eth0"]')).toContainText('mtu 1400');
  await page.getByRole('group', { name: 'Scenario probes' }).getByRole('button', { name: 'big' }).click();
  await expect(lab.verdict).toContainText('dropped');
  await expect(page.locator('.hop--drop')).toContainText('node2 · host · eth0');
});

test('ten nodes: every node, pod and link is drawn; a far ping crosses the wire between node1 and node10', async ({ lab, page }) => {
  const s = dataScenario('ten-nodes.yaml');
  await lab.goto(shareHash(s));
  await expect(lab.banner).toHaveCount(0);
  await expect(lab.canvas.locator('.react-flow__node-k8sNode')).toHaveCount(10);
  // every pod with a namespace of its own gets a card (the scenario's and CoreDNS); the API server is a label in node1
  const cluster = labOf(s).cluster;
  await expect(lab.canvas.locator('.react-flow__node-pod')).toHaveCount(cluster.pods.filter((p) => !p.hostNetwork).length);
  await expect(lab.canvas.locator('.react-flow__node-hostpod')).toHaveCount(cluster.pods.filter((p) => p.hostNetwork).length);
  await expect(lab.canvas.locator('.react-flow__node-service')).toHaveCount(cluster.api.services.length);
  await expect(page.locator('.react-flow__minimap')).toBeVisible();

  await page.getByRole('group', { name: 'Scenario probes' }).getByRole('button', { name: 'far' }).click();
  const { trace } = runProbe(labOf(s), s.probes[0]);
  await expect(lab.hopItems).toHaveCount(trace.hops.length);
  await expect(lab.verdict).toContainText('delivered');

  // fit view keeps the whole drawing on screen (paused first: following the packet would pan away again)
  await lab.pause.click();
  await page.getByRole('button', { name: 'Fit View' }).click();
  const box = (await lab.canvas.boundingBox())!;
  for (const id of ['k8s:node1', 'k8s:node10']) {
    const n = (await lab.canvas.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    expect(n.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(n.x + n.width).toBeLessThanOrEqual(box.x + box.width + 1);
  }
});
