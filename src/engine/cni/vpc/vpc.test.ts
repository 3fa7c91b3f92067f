import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labFromObject, runProbe, type Lab } from '../../lab';
import { runCommand } from '../../cli/dispatch';
import { formatRoute } from '../../tables/route';
import { enisFor, INSTANCE_LIMITS, maxPods } from './limits';
import { podHostVethName, VPC_NO_IP_ERROR } from './pod';

interface Opts {
  readonly type?: string;
  readonly pods?: readonly Record<string, unknown>[];
  readonly faults?: readonly unknown[];
  readonly vpc?: Record<string, unknown>;
}

function lab(o: Opts = {}): Lab {
  const r = labFromObject({
    apiVersion: 'podpath/v1',
    kind: 'Scenario',
    metadata: { name: 'vpc' },
    cluster: {
      cni: 'vpc',
      mode: 'eni',
      underlayMTU: 9001,
      nodes: [
        { name: 'node1', ip: '10.0.1.10', subnet: '10.0.0.0/20', instanceType: o.type ?? 't3.small' },
        { name: 'node2', ip: '10.0.2.30', subnet: '10.0.0.0/20', instanceType: o.type ?? 't3.small' },
      ],
      pods: o.pods ?? [
        { name: 'a', node: 'node1', ports: [8080] },
        { name: 'b', node: 'node1', ports: [8080] },
        { name: 'c', node: 'node2', ports: [8080] },
        { name: 'd', node: 'node2', ports: [8080] },
        { name: 'e', node: 'node2', ports: [8080] },
        { name: 'f', node: 'node2', ports: [8080] },
      ],
      externalHosts: [{ name: 'api.github.com', ip: '203.0.113.10' }],
      ...(o.vpc ? { vpc: o.vpc } : {}),
    },
    faults: o.faults ?? [],
    probes: [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lab;
}

const pod = (l: Lab, name: string) => l.cluster.pods.find((p) => p.name === name)!;
const ping = (l: Lab, from: string, to: string, size = 56, df = false) => runProbe(l, { from, to, protocol: 'icmp', size, df }).trace;

describe('max pods (REFERENCE.md §7)', () => {
  it('follows ENIs × (IPs per ENI − 1) + 2 for the table rows', () => {
    expect(maxPods(INSTANCE_LIMITS['m5.large'])).toBe(29);
    expect(maxPods(INSTANCE_LIMITS['t3.small'])).toBe(11);
    expect(maxPods(INSTANCE_LIMITS['t3.medium'])).toBe(17);
    expect(maxPods(INSTANCE_LIMITS['m5.24xlarge'])).toBe(737);
  });
  it('attaches ENIs as WARM_ENI_TARGET=1 does (t3.small: 0 pods → 1 ENI, 5 pods → 3)', () => {
    expect(enisFor(INSTANCE_LIMITS['t3.small'], 0)).toBe(1);
    expect(enisFor(INSTANCE_LIMITS['t3.small'], 5)).toBe(3);
  });
});

describe('pod plumbing (routed-eni plugin)', () => {
  const l = lab();
  it('names the host veth eni + sha1(namespace.pod)[:11] (names_test.go vector)', () => {
    expect(podHostVethName('kube-system', 'coredns-57ff979f67-qqbdh')).toBe('enib5faff8a083');
  });
  it('gives the pod a /32 of the node subnet, MTU 9001, routes via 169.254.1.1 and a PERMANENT neighbour for it', () => {
    const a = pod(l, 'a');
    const ns = l.cluster.netns[a.netns];
    const eth0 = ns.interfaces.find((d) => d.name === 'eth0')!;
    expect(eth0).toMatchObject({ mtu: 9001, addrs: [{ ip: a.ip, prefix: 32 }] });
    expect(ns.routes.map(formatRoute).sort()).toEqual(['169.254.1.1 dev eth0 scope link', 'default via 169.254.1.1 dev eth0']);
    const host = l.cluster.netns.node1.interfaces.find((d) => d.name === podHostVethName('default', 'a'))!;
    expect(host.addrs).toEqual([]);
    expect(ns.neigh).toEqual([{ ip: '169.254.1.1', dev: 'eth0', mac: host.mac, state: 'PERMANENT' }]);
    expect(l.cluster.netns.node1.routes.map(formatRoute)).toContain(`${a.ip} dev ${host.name} scope link`);
  });
  it('has no bridge and no tunnel device; every ENI runs at 9001', () => {
    const kinds = l.cluster.netns.node1.interfaces.map((d) => d.kind);
    expect(kinds).not.toContain('bridge');
    expect(kinds.filter((k) => ['vxlan', 'ipip', 'wireguard', 'geneve'].includes(k))).toEqual([]);
    expect(l.cluster.netns.node1.interfaces.filter((d) => d.eni).every((d) => d.mtu === 9001)).toBe(true);
  });
  it('writes rules 512 (to every pod), 1536 (from a secondary-ENI pod) and 32765 (from a secondary ENI)', () => {
    const out = runCommand(l, 'node2', 'ip rule').output.split('\n');
    const f = pod(l, 'f');
    expect(out[0]).toBe('0:\tfrom all lookup local');
    expect(out).toContain(`512:\tfrom all to ${f.ip} lookup main`);
    expect(out).toContain(`1536:\tfrom ${f.ip} lookup 2`);
    expect(out).toContain('1024:\tfrom all fwmark 0x80/0x80 lookup main');
    expect(out.slice(-2)).toEqual(['32766:\tfrom all lookup main', '32767:\tfrom all lookup default']);
    expect(out.some((x) => /^32765:\tfrom 10\.0\.0\.\d+ lookup 2$/.test(x))).toBe(true);
    expect(runCommand(l, 'node2', 'ip route show table 2').output).toBe('default via 10.0.0.1 dev eth1 \n10.0.0.1 dev eth1 scope link ');
  });
  it('sets rp_filter loose on the primary ENI only', () => {
    expect(l.cluster.netns.node1.interfaces.find((d) => d.name === 'eth0')!.sysctl?.rpFilter).toBe(2);
    expect(l.cluster.netns.node2.interfaces.find((d) => d.name === 'eth1')!.sysctl?.rpFilter).toBeUndefined();
  });
});

describe('the VPC fabric', () => {
  const l = lab();
  it('same node: routed by the host, reply TTL 63', () => {
    const t = ping(l, 'a', 'b');
    expect(t.verdict).toBe('delivered');
    expect(t.replyTtl).toBe(63);
  });
  it('cross node: the VPC delivers the pod address to the ENI holding it, reply TTL 62, no tunnel', () => {
    const t = ping(l, 'a', 'c');
    expect(t.verdict).toBe('delivered');
    expect(t.replyTtl).toBe(62);
    expect(t.hops.some((h) => h.tunnel)).toBe(false);
    expect(t.hops.some((h) => /the VPC answers for eni-/.test(h.note))).toBe(true);
  });
  it("a secondary-ENI pod's reply leaves by eth1 to the subnet router, and the VPC hands it to the peer's ENI without a hop", () => {
    const t = ping(l, 'a', 'f');
    expect(t.verdict).toBe('delivered');
    expect(t.replyTtl).toBe(62);
    expect(t.hops.some((h) => h.netnsId === 'router')).toBe(false);
    expect(t.hops.some((h) => /sent to the subnet router 10\.0\.0\.1\) straight to eni-/.test(h.note))).toBe(true);
  });
  it('the largest DF ping (9001 − 28) crosses; one byte more is refused by the pod', () => {
    expect(ping(l, 'a', 'c', 8973, true).verdict).toBe('delivered');
    expect(ping(l, 'a', 'c', 8974, true).localError).toBe('EMSGSIZE');
  });
  it('leaving the VPC: SNAT to the primary IP (AWS-SNAT-CHAIN-0)', () => {
    const t = runProbe(l, { from: 'a', to: '203.0.113.10:443', protocol: 'tcp', size: 64 }).trace;
    expect(t.verdict).toBe('delivered');
    expect(t.hops.map((h) => h.note).join('\n')).toMatch(/SNAT 10\.0\.0\.\d+ → 10\.0\.1\.10 \(.*AWS-SNAT-CHAIN-0\)/);
    const nat = runCommand(l, 'node1', 'iptables-save -t nat').output;
    expect(nat).toContain('-A AWS-SNAT-CHAIN-0 -d 10.0.0.0/16 -m comment --comment "AWS SNAT CHAIN" -j RETURN');
    expect(nat).toContain(
      '-A AWS-SNAT-CHAIN-0 ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.1.10 --random-fully',
    );
  });
  it('the internet edge is 1500: the subnet router answers a bigger DF packet with fragmentation needed (PMTUD)', () => {
    expect(ping(l, 'a', '203.0.113.10', 1472, true).verdict).toBe('delivered');
    const t = ping(l, 'a', '203.0.113.10', 1473, true);
    expect(t.reason).toBe('FRAG_NEEDED');
    expect(t.icmp).toMatchObject({ type: 3, code: 4, mtu: 1500, from: '10.0.0.1' });
  });
  it('externalSnat: no SNAT chain, the pod keeps its address', () => {
    const x = lab({ vpc: { externalSnat: true } });
    expect(runCommand(x, 'node1', 'iptables-save -t nat').output).not.toContain('AWS-SNAT-CHAIN-0');
    const t = runProbe(x, { from: 'a', to: '203.0.113.10:443', protocol: 'tcp', size: 64 }).trace;
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.rewrite)).toBe(false);
  });
});

describe('ENI capacity (ipamd)', () => {
  it('a pod beyond ENIs × (IPs − 1) stays ContainerCreating with the plugin error', () => {
    // t3.small: 3 ENIs × 3 pod addresses = 9 per node; the scenario's pods come before CoreDNS
    const pods = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, node: 'node1' }));
    const l = lab({ pods });
    const stuck = l.cluster.pods.filter((p) => p.node === 'node1' && !p.hostNetwork && !p.ip);
    expect(stuck.map((p) => p.name)[0]).toBe('p9');
    expect(stuck[0]).toMatchObject({ status: 'ContainerCreating', statusReason: VPC_NO_IP_ERROR });
    expect(l.cluster.netns.node1.interfaces.filter((d) => d.eni).length).toBe(3);
    const out = runCommand(l, 'node1', 'kubectl describe pod p9').output;
    expect(out).toContain('plugin type="aws-cni" name="aws-cni" failed (add): add cmd: failed to assign an IP address to container');
  });
  it('fault ipam-exhaust gives the same error', () => {
    const l = lab({ faults: [{ type: 'ipam-exhaust', node: 'node1', pod: 'a' }] });
    expect(pod(l, 'a')).toMatchObject({ status: 'ContainerCreating', statusReason: VPC_NO_IP_ERROR, ip: null });
    expect(runCommand(l, 'node1', 'ip rule').output).not.toMatch(/512:.*10\.0\.0\.4 /);
  });
});

describe('security groups (fault security-group)', () => {
  it('dropping ICMP between nodes: cross-node ping vanishes silently, same-node still works, TCP unaffected', () => {
    // node given: faults/node-faults.ts applyNodeFault refuses a security-group fault without one (reported to the lead)
    const l = lab({ faults: [{ type: 'security-group', node: 'node2', protocol: 'icmp' }] });
    const t = ping(l, 'a', 'c');
    expect(t.verdict).toBe('dropped');
    expect(t.reason).toBe('SECURITY_GROUP');
    expect(ping(l, 'a', 'b').verdict).toBe('delivered');
    expect(runProbe(l, { from: 'a', to: 'c:8080', protocol: 'tcp', size: 64 }).trace.verdict).toBe('delivered');
    expect(l.faults[0].command).toMatch(
      /^aws ec2 revoke-security-group-ingress --group-id sg-[0-9a-f]{17} --ip-permissions 'IpProtocol=icmp,FromPort=-1,ToPort=-1/,
    );
  });
  it('is stateful: node2 refusing TCP 8080 in still lets its own connections out and their replies back', () => {
    const l = lab({ faults: [{ type: 'security-group', node: 'node2', protocol: 'tcp', port: 8080 }] });
    expect(runProbe(l, { from: 'a', to: 'c:8080', protocol: 'tcp', size: 64 }).trace.reason).toBe('SECURITY_GROUP');
    expect(runProbe(l, { from: 'c', to: 'a:8080', protocol: 'tcp', size: 64 }).trace.verdict).toBe('delivered');
  });
  it('is refused on other shapes', () => {
    const r = labFromObject({
      apiVersion: 'podpath/v1',
      kind: 'Scenario',
      metadata: { name: 'x' },
      cluster: { nodes: [{ name: 'node1', ip: '192.168.1.10' }] },
      faults: [{ type: 'security-group', node: 'node1', protocol: 'icmp' }],
      probes: [],
    });
    expect(r.ok && r.lab.faults[0].error).toMatch(/vpc fault/);
  });
});

describe('scenario checks', () => {
  it('names an unknown instance type and a second subnet', () => {
    const r = labFromObject({
      apiVersion: 'podpath/v1',
      kind: 'Scenario',
      metadata: { name: 'x' },
      cluster: {
        cni: 'vpc',
        nodes: [
          { name: 'node1', ip: '10.0.1.10', subnet: '10.0.0.0/20', instanceType: 'x9.huge' },
          { name: 'node2', ip: '10.0.16.10', subnet: '10.0.16.0/20' },
        ],
      },
      probes: [],
    });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(!r.ok && r.errors);
    expect(text).toMatch(/nodes\[0\]\.instanceType/);
    expect(text).toMatch(/nodes\[1\]\.subnet/);
  });
});

describe('pinned pod addresses', () => {
  it('take a free secondary IP of the node', () => {
    const l = lab({ pods: [{ name: 'a', node: 'node1', ip: '10.0.0.6' }] });
    expect(pod(l, 'a').ip).toBe('10.0.0.6');
  });
  it('refuse an address no ENI of the node holds', () => {
    expect(() => lab({ pods: [{ name: 'a', node: 'node1', ip: '10.0.9.9' }] })).toThrow(/not a secondary IP of node1's ENIs/);
  });
});

describe('address invariant (property)', () => {
  it('for any instance type and pod count, pod addresses are unique secondaries of their own node, and no node holds more than its ENIs allow', () => {
    const types = Object.keys(INSTANCE_LIMITS).filter((t) => INSTANCE_LIMITS[t].ipv4PerEni <= 15);
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (type, n1, n2) => {
        const pods = [
          ...Array.from({ length: n1 }, (_, i) => ({ name: `x${i}`, node: 'node1' })),
          ...Array.from({ length: n2 }, (_, i) => ({ name: `y${i}`, node: 'node2' })),
        ];
        const l = lab({ type, pods });
        const limits = INSTANCE_LIMITS[type];
        const ips = l.cluster.pods.filter((p) => !p.hostNetwork && p.ip).map((p) => p.ip!);
        expect(new Set(ips).size).toBe(ips.length);
        for (const node of ['node1', 'node2']) {
          const enis = l.cluster.netns[node].interfaces.filter((d) => d.eni);
          expect(enis.length).toBeLessThanOrEqual(limits.enis);
          const held = new Set(enis.flatMap((d) => d.eni!.secondaryIps));
          const mine = l.cluster.pods.filter((p) => p.node === node && !p.hostNetwork && p.ip);
          expect(mine.every((p) => held.has(p.ip!))).toBe(true);
          expect(mine.length).toBeLessThanOrEqual(limits.enis * (limits.ipv4PerEni - 1));
        }
      }),
      { numRuns: 30 },
    );
  });
});
