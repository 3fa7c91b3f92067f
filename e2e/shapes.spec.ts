/**
 * Every CNI shape and mode the engine models (MODELLED_SHAPES): switch to it in the top bar,
 * check the canvas draws what the engine's topology says (the hub, every device, the routed
 * or bridged pods), and ping a same-node and a cross-node pod picked in the send form — both
 * delivered, the hop list the engine's own trace, no console errors (the fixture).
 */
import { test, expect } from './fixtures';
import { labOf, sampleScenario } from './engine-oracle';
import { MODELLED_SHAPES } from '../src/engine/shell';
import { createLab, faultCatalog, runProbe, topologyOf, type Scenario } from '../src/engine';

const base = sampleScenario('flannel-vxlan');
const shaped = (cni: string, mode: string): Scenario => ({ ...base, cluster: { ...base.cluster, cni: cni as Scenario['cluster']['cni'], mode } });

for (const [cni, modes] of Object.entries(MODELLED_SHAPES)) {
  for (const mode of modes) {
    test(`${cni} ${mode}: drawn from the topology; same-node and cross-node pings are delivered`, async ({ lab, page }) => {
      const s = shaped(cni, mode);
      const oracle = labOf(s);
      const topo = topologyOf(oracle.cluster);
      await lab.goto();
      await lab.pickShape(cni, mode);
      await expect(lab.mode).toHaveValue(mode);
      await expect(page.locator('.banner--error')).toHaveCount(0);

      // the canvas: one hub per node (a bridge device or the node's routing), every device of the topology
      for (const n of topo.nodes) {
        const hub = n.hub.kind === 'bridge' ? `dev:${n.netns}/${n.hub.device}` : `hub:${n.netns}`;
        await expect(lab.canvas.locator(`.react-flow__node[data-id="${hub}"]`)).toHaveCount(1);
        if (n.hub.kind === 'routing') await expect(lab.canvas.locator(`.react-flow__node[data-id="${hub}"]`)).toContainText(n.hub.label);
        for (const d of n.devices) await expect(lab.canvas.locator(`.react-flow__node[data-id="dev:${n.netns}/${d.name}"]`)).toHaveCount(1);
      }

      // pick the pods in the page: the sender and a pod on its node and one on another node
      const client = oracle.cluster.pods.find((p) => p.name === 'client')!;
      const same = oracle.cluster.pods.find((p) => p.node === client.node && p !== client && !p.hostNetwork && p.namespace === 'default')!;
      const other = oracle.cluster.pods.find((p) => p.node !== client.node && !p.hostNetwork && p.namespace === 'default')!;
      await expect(lab.podNode(same.name)).toBeVisible();
      await expect(lab.podNode(other.name)).toBeVisible();

      let state = oracle;
      for (const to of [same, other]) {
        await lab.sendProbe({ from: 'client', to: to.name, size: 56 });
        const r = runProbe(state, { from: 'client', to: to.name, protocol: 'icmp', size: 56 });
        state = r.lab;
        expect(r.trace.verdict, `${cni} ${mode} client → ${to.name} (engine)`).toBe('delivered');
        await expect(lab.verdict).toContainText('delivered');
        await expect(lab.hopItems).toHaveCount(r.trace.hops.length);
      }

      // kube-proxy eBPF is offered exactly when the shape's program runs with it
      const ebpf = createLab({ ...s, cluster: { ...s.cluster, kubeProxy: 'ebpf' } });
      const runsEbpf = ebpf.ok || !ebpf.errors.some((e) => e.path === 'cluster.kubeProxy');
      await expect(lab.kubeProxy.locator('option[value="ebpf"]:not([disabled])')).toHaveCount(runsEbpf ? 1 : 0);
    });
  }
}

test('switching shape keeps the probe on screen and re-runs it', async ({ lab }) => {
  await lab.goto();
  await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
  await expect(lab.verdict).toContainText('delivered');
  const shapes = Object.entries(MODELLED_SHAPES);
  const [cni, modes] = shapes[shapes.length - 1];
  await lab.pickShape(cni, modes[modes.length - 1]);
  await expect(lab.verdict).toContainText('client → web-1');
  await expect(lab.verdict).toContainText('delivered');
});

// bgp-down (a node's BIRD sessions drop, its routes are withdrawn everywhere) on every shape whose program offers it
for (const [cni, modes] of Object.entries(MODELLED_SHAPES)) {
  const mode = modes[0];
  test(`${cni} ${mode}: bgp-down on the peer's node breaks only cross-node traffic`, async ({ lab }) => {
    const s = shaped(cni, mode);
    const option = faultCatalog(labOf(s).cluster).find((o) => o.fault.type === 'bgp-down' && 'node' in o.fault && o.fault.node === 'node2');
    test.skip(!option, `${cni} ${mode} offers no bgp-down fault`);
    const broken = labOf({ ...s, faults: [option!.fault] });
    const same = runProbe(broken, { from: 'client', to: 'web-0', protocol: 'icmp', size: 56 });
    const cross = runProbe(same.lab, { from: 'client', to: 'web-1', protocol: 'icmp', size: 56 });
    expect(same.trace.verdict).toBe('delivered');
    expect(cross.trace.verdict).not.toBe('delivered');

    await lab.goto();
    await lab.pickShape(cni, mode);
    await lab.fault(option!.label).check();
    await lab.sendProbe({ from: 'client', to: 'web-0', size: 56 });
    await expect(lab.verdict).toContainText('delivered');
    await lab.sendProbe({ from: 'client', to: 'web-1', size: 56 });
    await expect(lab.verdict).toContainText(cross.trace.verdict);
    await expect(lab.verdict).toContainText(cross.trace.reason);
  });
}
