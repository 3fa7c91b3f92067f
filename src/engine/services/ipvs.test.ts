/**
 * kube-proxy's IPVS mode as a program that writes tables, against kube-proxy-nft-ipvs.md §2 and
 * REFERENCE.md §3: the iptables rules (§2.1), the ipsets (§2.2), the IPVS table (§2.3),
 * kube-ipvs0 (§2.7), and what a later sync keeps.
 */
import { describe, expect, it } from 'vitest';
import { runCommand } from '../cli';
import { formatRule } from '../tables/iptables-rule';
import { parseRuleArgs } from '../tables/iptables-parse';
import { splitWords } from '../tables/iptables-restore';
import { isLocalAddress } from '../tables/route';
import { parseCidr } from '../wire/ipv4';
import type { Netns } from '../model/datapath';
import { ipsetList } from './ipsets';
import { syncIpvs, type IpvsProxyInput } from './ipvs';
import { ipvsLab, withoutSystemServices } from './ipvs-test-helpers';

/** kube-proxy-nft-ipvs.md §2.1 (nat). */
const NOTES_NAT = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-LOAD-BALANCER - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ
-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
COMMIT`;

/** kube-proxy-nft-ipvs.md §2.1 (filter). */
const NOTES_FILTER = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-IPVS-FILTER - [0:0]
:KUBE-IPVS-OUT-FILTER - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SOURCE-RANGES-FIREWALL - [0:0]
-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT
-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable
-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
-A KUBE-SOURCE-RANGES-FIREWALL -j DROP
COMMIT`;

/** flanneld's rules and kubelet's KUBE-FIREWALL share the tables; the notes show kube-proxy's only. */
const kubeProxyOnly = (dump: string) =>
  dump
    .split('\n')
    .filter((l) => !/FLANNEL|KUBE-FIREWALL/.test(l))
    .join('\n');

const lab = ipvsLab();
const nodeA = lab.cluster.netns['node-a'];

describe('syncIpvs: iptables rules (kube-proxy-nft-ipvs.md §2.1)', () => {
  it('writes the nat table of the notes, line for line', () => {
    expect(kubeProxyOnly(runCommand(lab, 'node-a', 'iptables-save -t nat').output)).toBe(NOTES_NAT);
  });

  it('writes the filter table of the notes, line for line', () => {
    expect(kubeProxyOnly(runCommand(lab, 'node-a', 'iptables-save -t filter').output)).toBe(NOTES_FILTER);
  });

  it('adds the external IP rules only when a Service has one: masquerade, then ACCEPT off-machine and local-destination traffic', () => {
    const l = ipvsLab({
      services:
        '    - { name: ext, namespace: prod, clusterIP: 10.96.7.7, externalIPs: [198.51.100.7], selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
    });
    const nat = runCommand(l, 'node-a', 'iptables-save -t nat').output.split('\n');
    const c = '-m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst';
    expect(nat.filter((x) => x.includes('KUBE-EXTERNAL-IP'))).toEqual([
      `-A KUBE-SERVICES ${c} -j KUBE-MARK-MASQ`,
      `-A KUBE-SERVICES ${c} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT`,
      `-A KUBE-SERVICES ${c} -m addrtype --dst-type LOCAL -j ACCEPT`,
    ]);
    // written before the NodePort jump, which must stay behind them
    expect(nat.findIndex((x) => x.includes('physdev'))).toBeLessThan(nat.indexOf('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT'));
    expect(l.cluster.netns['node-a'].ipsets!['KUBE-EXTERNAL-IP'].members).toEqual(['198.51.100.7,tcp:80']);
    expect(l.cluster.netns['node-a'].interfaces.find((d) => d.name === 'kube-ipvs0')!.addrs.map((a) => a.ip)).toContain('198.51.100.7');
  });

  it('writes rules iptables-restore reads back as they are printed (physdev ! --physdev-is-in included)', () => {
    const l = ipvsLab({
      services:
        '    - { name: ext, namespace: prod, clusterIP: 10.96.7.7, externalIPs: [198.51.100.7], selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
    });
    for (const line of runCommand(l, 'node-a', 'iptables-save')
      .output.split('\n')
      .filter((x) => x.startsWith('-A '))) {
      const [, chain, ...args] = splitWords(line)!;
      const r = parseRuleArgs(args);
      expect(r.ok, line).toBe(true);
      if (r.ok) expect(formatRule(chain, r.rule)).toBe(line);
    }
  });

  it('leaves the node’s own rules in place and replaces every KUBE-* chain on a later sync', () => {
    const again = syncIpvs(nodeA, inputOf(nodeA));
    expect(again.netfilter).toEqual(nodeA.netfilter);
    expect(runCommand(lab, 'node-a', 'iptables-save -t nat').output).toContain('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG');
  });
});

describe('syncIpvs: ipsets (§2.2)', () => {
  const sets = nodeA.ipsets!;
  it('fills the sets of the notes: a Service without endpoints is still in KUBE-CLUSTER-IP, KUBE-LOOP-BACK dedupes', () => {
    for (const m of ['10.96.45.12,tcp:80', '10.96.100.20,tcp:80', '10.96.200.30,tcp:80', '10.96.200.31,tcp:80'])
      expect(sets['KUBE-CLUSTER-IP'].members).toContain(m);
    expect(sets['KUBE-LOOP-BACK'].members.filter((m) => m.includes('8080'))).toEqual(['10.244.1.5,tcp:8080,10.244.1.5']);
    expect(sets['KUBE-NODE-PORT-TCP'].members).toEqual(['30080', '30081']);
    expect(sets['KUBE-NODE-PORT-LOCAL-TCP'].members).toEqual(['30081']);
    expect(sets['KUBE-IPVS-IPS'].members).toEqual(expect.arrayContaining(['10.96.45.12', '10.96.100.20', '10.96.200.30', '10.96.200.31']));
    for (const empty of ['KUBE-EXTERNAL-IP', 'KUBE-LOAD-BALANCER', 'KUBE-NODE-PORT-UDP', 'KUBE-HEALTH-CHECK-NODE-PORT'])
      expect(sets[empty].members).toEqual([]);
  });

  it('prints `ipset list` in ipset 7.21’s layout, with the references the rules make', () => {
    const out = ipsetList(nodeA, 'KUBE-NODE-PORT-TCP')!;
    expect(out).toEqual([
      'Name: KUBE-NODE-PORT-TCP',
      'Type: bitmap:port',
      'Revision: 3',
      'Header: range 0-65535',
      'Size in memory: 8264',
      'References: 1',
      'Number of entries: 2',
      'Members:',
      '30080',
      '30081',
    ]);
    const cip = ipsetList(nodeA, 'KUBE-CLUSTER-IP')!;
    expect(cip.slice(0, 3)).toEqual(['Name: KUBE-CLUSTER-IP', 'Type: hash:ip,port', 'Revision: 6']);
    expect(cip[3]).toMatch(/^Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x[0-9a-f]{8}$/);
    // an empty hash:ip,port is 216 bytes, each member's bucket 32 + 2 × 8 (a real node's dump: 5 members → 456)
    expect(cip[4]).toBe(`Size in memory: ${216 + 48 * sets['KUBE-CLUSTER-IP'].members.length}`);
    // KUBE-SERVICES masquerade + ACCEPT and KUBE-IPVS-FILTER RETURN
    expect(cip[5]).toBe('References: 3');
    expect(ipsetList(nodeA, 'KUBE-IPVS-IPS')![5]).toBe('References: 1');
    expect(ipsetList(nodeA, 'KUBE-HEALTH-CHECK-NODE-PORT')![5]).toBe('References: 2');
    expect(ipsetList(nodeA, 'NOPE')).toBeUndefined();
  });
});

describe('syncIpvs: virtual services (§2.3) and kube-ipvs0 (§2.7)', () => {
  it('gives node-a the IPVS table of the notes (NodePorts on eth0 and cni0, eTP Local on the local endpoint only)', () => {
    const out = runCommand(lab, 'node-a', 'ipvsadm -Ln').output.split('\n');
    expect(withoutSystemServices(out)).toEqual([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  192.168.1.10:30080 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      '  -> 10.244.2.7:8080              Masq    1      0          0         ',
      'TCP  192.168.1.10:30081 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      'TCP  10.96.45.12:80 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      '  -> 10.244.2.7:8080              Masq    1      0          0         ',
      '  -> 10.244.3.9:8080              Masq    1      0          0         ',
      'TCP  10.96.100.20:80 rr',
      'TCP  10.96.200.30:80 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      '  -> 10.244.2.7:8080              Masq    1      0          0         ',
      'TCP  10.96.200.31:80 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      '  -> 10.244.2.7:8080              Masq    1      0          0         ',
      'TCP  10.244.1.1:30080 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
      '  -> 10.244.2.7:8080              Masq    1      0          0         ',
      'TCP  10.244.1.1:30081 rr',
      '  -> 10.244.1.5:8080              Masq    1      0          0         ',
    ]);
  });

  it('keeps all endpoints for eTP Local on a node without a local one (PR #97081) and adds flannel.1’s address in vxlan mode', () => {
    const c = lab.cluster.netns['node-c'].ipvs!;
    expect(
      c
        .find((s) => s.vip === '192.168.1.12' && s.port === 30081)!
        .dests.map((d) => d.ip)
        .sort(),
    ).toEqual(['10.244.1.5', '10.244.2.7']);
    const vx = ipvsLab({ mode: 'vxlan' }).cluster.netns['node-a'].ipvs!;
    expect(
      vx
        .filter((s) => s.port === 30080)
        .map((s) => s.vip)
        .sort(),
    ).toEqual(['10.244.1.0', '10.244.1.1', '192.168.1.10']);
  });

  it('lists the dests newest first, as the kernel holds them (list_add_rcu at the head)', () => {
    const web = nodeA.ipvs!.find((s) => s.vip === '10.96.45.12')!;
    expect(web.dests.map((d) => d.ip)).toEqual(['10.244.3.9', '10.244.2.7', '10.244.1.5']);
    expect(web).toMatchObject({ proto: 'tcp', port: 80, scheduler: 'rr' });
    expect(web.dests.every((d) => d.port === 8080 && d.weight === 1)).toBe(true);
  });

  it('sets persistent from ClientIP affinity and the scheduler from --ipvs-scheduler', () => {
    const l = ipvsLab({
      scheduler: 'sh',
      services:
        '    - { name: sticky, namespace: prod, clusterIP: 10.96.8.8, sessionAffinity: ClientIP, sessionAffinityTimeout: 600, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
    });
    expect(l.cluster.netns['node-a'].ipvs!.find((s) => s.vip === '10.96.8.8')).toMatchObject({ scheduler: 'sh', persistent: 600 });
    expect(runCommand(l, 'node-a', 'ipvsadm -Ln').output).toContain('TCP  10.96.8.8:80 sh persistent 600');
  });

  it('binds every ClusterIP to kube-ipvs0, a DOWN dummy whose addresses are local all the same', () => {
    const dev = nodeA.interfaces.find((d) => d.name === 'kube-ipvs0')!;
    expect(dev).toMatchObject({ kind: 'dummy', up: false, mtu: 1500 });
    expect(dev.addrs.every((a) => a.prefix === 32 && a.scope === 'global')).toBe(true);
    for (const ip of ['10.96.45.12', '10.96.100.20', '10.96.0.10']) expect(isLocalAddress(nodeA, ip)).toBe(true);
    // node addresses are never bound (NodePorts answer on them as they are)
    expect(dev.addrs.map((a) => a.ip)).not.toContain('192.168.1.10');
    const shown = runCommand(lab, 'node-a', 'ip addr show kube-ipvs0').output.split('\n');
    expect(shown[0]).toMatch(/^\d+: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default $/);
    expect(shown[1]).toMatch(/^ {4}link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff$/);
    expect(shown.slice(2, 4)).toEqual(['    inet 10.96.0.1/32 scope global kube-ipvs0', '       valid_lft forever preferred_lft forever']);
  });
});

function inputOf(ns: Netns, over: Partial<IpvsProxyInput> = {}): IpvsProxyInput {
  const c = lab.cluster;
  return {
    node: ns.name,
    clusterCIDR: parseCidr(c.proxy.clusterCIDR),
    services: c.api.services,
    slices: c.api.endpointSlices,
    scheduler: 'rr',
    nodeIps: [c.nodes.find((n) => n.name === ns.name)!.ip],
    ...over,
  };
}

describe('syncIpvs: a later sync', () => {
  it('keeps existing dests and addresses where they are, puts a new dest at the head and drops the gone ones', () => {
    const c = lab.cluster;
    const web = c.api.endpointSlices.find((s) => s.service === 'web')!;
    const fewer = { ...web, endpoints: web.endpoints.filter((e) => e.addresses[0] !== '10.244.2.7') };
    const noEmpty = c.api.services.filter((s) => s.name !== 'empty');
    const step1 = syncIpvs(nodeA, inputOf(nodeA, { services: noEmpty, slices: c.api.endpointSlices.map((s) => (s === web ? fewer : s)) }));
    expect(step1.ipvs!.find((s) => s.vip === '10.96.45.12')!.dests.map((d) => d.ip)).toEqual(['10.244.3.9', '10.244.1.5']);
    const dummy = (ns: Netns) => ns.interfaces.find((d) => d.name === 'kube-ipvs0')!;
    expect(dummy(step1).addrs.map((a) => a.ip)).not.toContain('10.96.100.20');
    expect(dummy(step1).ifindex).toBe(dummy(nodeA).ifindex);
    expect(step1.ipsets!['KUBE-CLUSTER-IP'].members).not.toContain('10.96.100.20,tcp:80');
    const step2 = syncIpvs(step1, inputOf(step1));
    expect(step2.ipvs!.find((s) => s.vip === '10.96.45.12')!.dests.map((d) => d.ip)).toEqual(['10.244.2.7', '10.244.3.9', '10.244.1.5']);
    expect(
      dummy(step2)
        .addrs.map((a) => a.ip)
        .slice(-1),
    ).toEqual(['10.96.100.20']);
    expect(step2.interfaces.filter((d) => d.name === 'kube-ipvs0')).toHaveLength(1);
  });
});
