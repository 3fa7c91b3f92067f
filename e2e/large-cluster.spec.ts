/**
 * A large cluster on the canvas (issue 9): the nodes the packet does not cross fold into one
 * card, and in the nodes it does, the pods it does not cross fold into one card each. Picking a
 * folded pod in Details draws it. 40 nodes × 400 pods (ten a node), as a v2 share link.
 */
import { test, expect } from './fixtures';
import { largeClusterHash, largeClusterScenario } from '../scripts/large-cluster';
import { labOf } from './engine-oracle';
import { validateScenario } from '../src/engine/io';

const NODES = 40;
const PODS = 400;
const SHAPE = { nodes: NODES, pods: PODS, services: 3 };
const raw = largeClusterScenario(SHAPE);
const valid = validateScenario(raw);
if (!valid.ok) throw new Error('the large scenario does not validate');
const cluster = labOf(valid.scenario).cluster;
/** pods with a card of their own on `node` when the canvas draws them all */
const podsOn = (node: string) => cluster.pods.filter((p) => p.node === node && !p.hostNetwork);

test('a large cluster draws the path: crossed nodes and pods get cards, the rest fold and say how many', async ({ lab, page }) => {
  await lab.goto(largeClusterHash(SHAPE));
  await expect(page.getByText(`${NODES} nodes, ${PODS} pods`).first()).toBeVisible();
  const folded = (node: string) => lab.canvas.locator(`.react-flow__node[data-id="foldedpods:${node}"]`);
  // before any probe, nothing picked: node1 with its first three pods, the others folded
  const inspect = page.getByLabel('Inspect', { exact: true });
  await expect(lab.canvas.locator('.react-flow__node-k8sNode')).toHaveCount(1);
  await expect(lab.canvas.locator('.react-flow__node-pod')).toHaveCount(3);
  const node1 = podsOn('node1').length;
  await expect(folded('node1')).toContainText(`+${node1 - 3} pods`);
  await expect(folded('node1')).toHaveAttribute('aria-label', new RegExp(`^${node1 - 3} more pods on node1.*folded: the packet does not cross them`));
  await expect(lab.canvas.locator('.react-flow__node-collapsed')).toContainText(`${NODES - 1} more nodes`);

  // the cross-node ping: node1 and the last node; the client and the target only
  await lab.probeChips.getByRole('button', { name: /^cross-node/ }).click();
  await expect(lab.verdict).toContainText('delivered');
  await lab.pause.click();
  await expect(lab.canvas.locator('.react-flow__node-k8sNode')).toHaveCount(2);
  const cards = lab.canvas.locator('.react-flow__node-pod');
  const drawn = (await cards.allTextContents()).length;
  expect(drawn).toBeLessThanOrEqual(3);
  await expect(lab.canvas.locator('.react-flow__node[data-id="ns:pod:default/client"]')).toHaveCount(1);
  const last = `node${NODES}`;
  await expect(folded(last)).toContainText(`+${podsOn(last).length - 1} pods`);

  // a folded pod of the last node, picked in Details, gets its card
  const other = podsOn(last).find((p) => p.ip && p.namespace !== 'kube-system' && p.name !== raw.probes[0].to)!;
  await inspect.selectOption({ label: `${other.name} (pod on ${last})` });
  await expect(lab.canvas.locator(`.react-flow__node[data-id="ns:${other.netns}"]`)).toHaveCount(1);
  await expect(folded(last)).toContainText(`+${podsOn(last).length - 2} pods`);
  await page.screenshot({ path: '/tmp/screens-shots/1280x800-large-cluster-folded.png' });
});
