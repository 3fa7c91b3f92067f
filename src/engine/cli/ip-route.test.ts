import { describe, expect, it } from 'vitest';
import type { Lab } from '../lab';
import { runCommand } from './dispatch';
import { oracleLab } from './test-helpers';

function withPmtu(lab: Lab, ns: string, dst: string, mtu: number, expiresInMs: number): Lab {
  const now = 40_000;
  return { ...lab, kernel: { ...lab.kernel, now, pmtu: { ...lab.kernel.pmtu, [ns]: { [dst]: { mtu, expires: now + expiresInMs } } } } };
}

describe('ip route', () => {
  it("prints node1's vxlan table exactly as the kernel oracle recorded it", () => {
    // kernel oracle modes/vxlan node1_routes (iproute2 6.1 ends each line with a space)
    const oracle =
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.1 ';
    expect(runCommand(oracleLab(), 'node1', 'ip route').output).toBe(oracle);
  });

  it('prints host-gw tables of both nodes as the oracle did', () => {
    const lab = oracleLab({ mode: 'host-gw' });
    expect(runCommand(lab, 'node1', 'ip r').output).toBe(
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n10.244.2.0/24 via 192.168.50.2 dev eth0 \n192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.1 ',
    );
    expect(runCommand(lab, 'node2', 'ip route show').output).toBe(
      '10.244.1.0/24 via 192.168.50.1 dev eth0 \n10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1 \n192.168.50.0/24 dev eth0 proto kernel scope link src 192.168.50.2 ',
    );
  });

  it("prints a pod's routes as REFERENCE §6.2, and filters by device", () => {
    const lab = oracleLab();
    expect(runCommand(lab, 'pod-a', 'ip route').output).toBe(
      'default via 10.244.1.1 dev eth0 \n10.244.0.0/16 via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2 ',
    );
    expect(runCommand(lab, 'node1', 'ip route show dev flannel.1').output).toBe('10.244.2.0/24 via 10.244.2.0 onlink ');
    expect(runCommand(lab, 'node1', 'ip route show dev nope')).toMatchObject({ exitCode: 1, output: 'Cannot find device "nope"' });
  });

  it('loses the route a fault deleted', () => {
    const lab = oracleLab({ faults: '[{ type: delete-route, node: node1, dst: 10.244.2.0/24 }]' });
    expect(runCommand(lab, 'node1', 'ip route').output).not.toContain('10.244.2.0/24');
    // kernel oracle faults/route_deleted_vxlan node1_route_get
    expect(runCommand(lab, 'node1', 'ip route get 10.244.2.2')).toMatchObject({ output: 'RTNETLINK answers: Network is unreachable', exitCode: 2 });
  });
});

describe('ip route get', () => {
  it('shows the cached PMTU exception as the oracle did after the frag-needed', () => {
    // kernel oracle mtu/vxlan_pod1500_ul1500 pod-a_route_get_after
    const lab = withPmtu(oracleLab({ podMTU: 1500 }), 'pod:default/pod-a', '10.244.2.2', 1450, 597_400);
    expect(runCommand(lab, 'pod-a', 'ip route get 10.244.2.2').output).toBe(
      '10.244.2.2 via 10.244.1.1 dev eth0 src 10.244.1.2 uid 0 \n    cache expires 597sec mtu 1450 ',
    );
  });

  it('shows a plain cache line without an exception, and forgets an expired one', () => {
    // kernel oracle mtu/vxlan_pod1500_ul1500 node1_route_get_after
    const lab = oracleLab();
    expect(runCommand(lab, 'node1', 'ip route get 10.244.2.2').output).toBe('10.244.2.2 via 10.244.2.0 dev flannel.1 src 10.244.1.0 uid 0 \n    cache ');
    const expired = withPmtu(lab, 'node1', '10.244.2.2', 1400, 0);
    expect(runCommand(expired, 'node1', 'ip route get 10.244.2.2').output).toBe('10.244.2.2 via 10.244.2.0 dev flannel.1 src 10.244.1.0 uid 0 \n    cache ');
  });

  it('answers local addresses from the local table and refuses a bad address', () => {
    const lab = oracleLab();
    expect(runCommand(lab, 'pod-a', 'ip route get 10.244.1.2').output).toBe('local 10.244.1.2 dev lo table local src 10.244.1.2 uid 0 \n    cache <local> ');
    expect(runCommand(lab, 'pod-a', 'ip route get 10.244.1.3').output).toBe('10.244.1.3 dev eth0 src 10.244.1.2 uid 0 \n    cache ');
    expect(runCommand(lab, 'pod-a', 'ip route get web').exitCode).toBe(1);
  });

  it('reads the PMTU the walk cached after a frag-needed (the PMTUD lesson)', () => {
    let lab = oracleLab({ podMTU: 1500 });
    lab = runCommand(lab, 'pod-a', 'ping -c 1 -M do -s 1472 10.244.2.2').lab;
    expect(runCommand(lab, 'pod-a', 'ip route get 10.244.2.2').output).toMatch(
      /^10\.244\.2\.2 via 10\.244\.1\.1 dev eth0 src 10\.244\.1\.2 uid 0 \n {4}cache expires 5\d\dsec mtu 1450 $/,
    );
  });
});

describe('ip neigh', () => {
  it("prints flannel's permanent VTEP entry as the oracle did (with dev filter, dev is left out)", () => {
    const lab = oracleLab();
    const mac = lab.cluster.netns.node1.neigh[0].mac;
    expect(runCommand(lab, 'node1', 'ip neigh show dev flannel.1').output).toBe(`10.244.2.0 lladdr ${mac} PERMANENT `);
    expect(runCommand(lab, 'node1', 'ip n').output).toBe(`10.244.2.0 dev flannel.1 lladdr ${mac} PERMANENT `);
  });

  it('adds what ARP resolved during a ping', () => {
    const lab = runCommand(oracleLab(), 'pod-a', 'ping -c 1 10.244.1.3').lab;
    const gwMac = lab.cluster.netns['pod:default/pod-b'].interfaces[1].mac;
    expect(runCommand(lab, 'pod-a', 'ip neigh').output).toBe(`10.244.1.3 dev eth0 lladdr ${gwMac} REACHABLE `);
  });

  it('loses the entry a fault deleted', () => {
    const lab = oracleLab({ faults: '[{ type: delete-neigh, node: node1, device: flannel.1, peer: node2 }]' });
    expect(runCommand(lab, 'node1', 'ip neigh show dev flannel.1').output).toBe('');
  });
});
