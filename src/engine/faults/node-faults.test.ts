import { describe, expect, it } from 'vitest';
import { runCommand } from '../cli/dispatch';
import { runProbe } from '../lab';
import { twoNodes } from '../trace/test-helpers';

describe('ipam-exhaust', () => {
  it("the recreated pod stays ContainerCreating with host-local's error, no address, no endpoint; the others keep working", () => {
    const lab = twoNodes({ faults: '[{ type: ipam-exhaust, node: node2, pod: pod-c }]' });
    expect(lab.faults[0]).toMatchObject({ applied: true });
    const c = lab.cluster.pods.find((p) => p.name === 'pod-c')!;
    expect(c).toMatchObject({ status: 'ContainerCreating', ip: null, ready: false });
    expect(c.statusReason).toBe(
      'plugin type="flannel" failed (add): failed to delegate add: failed to allocate for range 0: no IP addresses available in range set: 10.244.2.1-10.244.2.254',
    );
    expect(lab.cluster.netns[c.netns]).toBeUndefined();
    const describe = runCommand(lab, 'node1', 'kubectl describe pod pod-c').output;
    expect(describe).toContain('Warning  FailedCreatePodSandBox');
    expect(describe).toContain('no IP addresses available in range set');
    expect(runProbe(lab, { from: 'pod-a', to: 'pod-b', protocol: 'icmp' }).trace.verdict).toBe('delivered');
    expect(runProbe(lab, { from: 'pod-a', to: '10.244.2.2', protocol: 'icmp', timeout: 1 }).trace.verdict).not.toBe('delivered');
  });

  it('refuses a pod that is not on the node, naming it', () => {
    expect(twoNodes({ faults: '[{ type: ipam-exhaust, node: node1, pod: pod-c }]' }).faults[0]).toMatchObject({
      applied: false,
      error: 'no pod pod-c on node1',
    });
  });
});

describe('shape-only faults on another shape', () => {
  it('bgp-down on Flannel is refused and says which shape has it', () => {
    expect(twoNodes({ faults: '[{ type: bgp-down, node: node1 }]' }).faults[0]).toMatchObject({
      applied: false,
      error: 'bgp-down is a calico fault; this cluster runs flannel',
    });
  });
});

describe('neigh-flush', () => {
  it('dynamic entries go, permanent ones (the VTEP neighbours flanneld writes) stay', () => {
    let lab = twoNodes();
    lab = runProbe(lab, { from: 'pod-a', to: 'pod-c', protocol: 'icmp' }).lab;
    const before = lab.cluster.netns['node1'].neigh;
    const flushed = twoNodes({ faults: '[{ type: neigh-flush, node: node1 }]' }).cluster.netns['node1'].neigh;
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed.every((e) => e.state === 'PERMANENT')).toBe(true);
    expect(before.filter((e) => e.state === 'PERMANENT')).toEqual(flushed);
  });
});

describe('proxy-arp', () => {
  it("sets the sysctl on the pod's host veth, named in the command", () => {
    const lab = twoNodes({ faults: '[{ type: proxy-arp, node: node1, pod: pod-a, on: true }]' });
    expect(lab.faults[0].command).toMatch(/^sysctl -w net\.ipv4\.conf\.veth[0-9a-f]{8}\.proxy_arp=1 \(on node1\)$/);
    const veth = lab.cluster.netns['node1'].interfaces.find((d) => d.sysctl?.proxyArp);
    expect(veth?.name).toMatch(/^veth/);
  });
});
