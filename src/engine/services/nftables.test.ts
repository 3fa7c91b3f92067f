import { describe, expect, it } from 'vitest';
import type { Chain, Netns } from '../model/datapath';
import type { EndpointSliceInfo, ServiceInfo } from '../model/k8s';
import { parseCidr } from '../wire/ipv4';
import { listTable } from '../tables/nft-format';
import { hashAndTruncate, kubeProxyTable, syncNftables, type NftProxyInput } from './nftables';

/**
 * The notes' scenario (kube-proxy-nft-ipvs.md §1.5): `nft list table ip kube-proxy` on node-a,
 * v1.36 layout, nft 1.1 — the notes' listing verbatim. The notes derived it from the nft
 * printer and kube-proxy's transaction order and checked it against a real v1.36.2 listing.
 * UNVERIFIED: the order of elements inside a set or map (the kernel's hash walk; the lab
 * prints insertion order) and of the service chains (Go map order; the lab: the API's order).
 */
const NOTES_LISTING = [
  'table ip kube-proxy {',
  '\tcomment "rules for kube-proxy"',
  '\tset hairpin-connections {',
  '\t\ttype ipv4_addr . ipv4_addr . inet_proto . inet_service',
  '\t\tcomment "service hairpin connections"',
  '\t\telements = { 10.244.1.5 . 10.244.1.5 . tcp . 8080 }',
  '\t}',
  '',
  '\tset cluster-ips {',
  '\t\ttype ipv4_addr',
  '\t\tcomment "Active ClusterIPs"',
  '\t\telements = { 10.96.45.12, 10.96.100.20,',
  '\t\t\t     10.96.200.30, 10.96.200.31 }',
  '\t}',
  '',
  '\tset nodeport-ips {',
  '\t\ttype ipv4_addr',
  '\t\tcomment "IPs that accept NodePort traffic"',
  '\t\telements = { 192.168.1.10 }',
  '\t}',
  '',
  '\tmap no-endpoint-services {',
  '\t\ttype ipv4_addr . inet_proto . inet_service : verdict',
  '\t\tcomment "vmap to drop or reject packets to services with no endpoints"',
  '\t\telements = { 10.96.100.20 . tcp . 80 comment "prod/empty:http" : goto reject-chain }',
  '\t}',
  '',
  '\tmap no-endpoint-nodeports {',
  '\t\ttype inet_proto . inet_service : verdict',
  '\t\tcomment "vmap to drop or reject packets to service nodeports with no endpoints"',
  '\t}',
  '',
  '\tmap firewall-ips {',
  '\t\ttype ipv4_addr . inet_proto . inet_service : verdict',
  '\t\tcomment "destinations that are subject to LoadBalancerSourceRanges"',
  '\t}',
  '',
  '\tmap service-ips {',
  '\t\ttype ipv4_addr . inet_proto . inet_service : verdict',
  '\t\tcomment "ClusterIP, ExternalIP and LoadBalancer IP traffic"',
  '\t\telements = { 10.96.45.12 . tcp . 80 : goto service-5O3K3WW6-prod/web/tcp/http,',
  '\t\t\t     10.96.200.30 . tcp . 80 : goto service-S5YIF2DB-prod/np-cluster/tcp/http,',
  '\t\t\t     10.96.200.31 . tcp . 80 : goto service-VS5E2CQM-prod/np-local/tcp/http }',
  '\t}',
  '',
  '\tmap service-nodeports {',
  '\t\ttype inet_proto . inet_service : verdict',
  '\t\tcomment "NodePort traffic"',
  '\t\telements = { tcp . 30080 : goto external-S5YIF2DB-prod/np-cluster/tcp/http,',
  '\t\t\t     tcp . 30081 : goto external-VS5E2CQM-prod/np-local/tcp/http }',
  '\t}',
  '',
  '\tchain filter-prerouting-pre-dnat {',
  '\t\ttype filter hook prerouting priority dstnat - 10; policy accept;',
  '\t\tct state new jump firewall-check',
  '\t}',
  '',
  '\tchain filter-output-pre-dnat {',
  '\t\ttype filter hook output priority dstnat - 10; policy accept;',
  '\t\tct state new jump firewall-check',
  '\t}',
  '',
  '\tchain filter-input {',
  '\t\ttype filter hook input priority filter; policy accept;',
  '\t\tct state new jump nodeport-endpoints-check',
  '\t\tct state new jump service-endpoints-check',
  '\t}',
  '',
  '\tchain filter-forward {',
  '\t\ttype filter hook forward priority filter; policy accept;',
  '\t\tct state new jump service-endpoints-check',
  '\t\tct state new jump cluster-ips-check',
  '\t}',
  '',
  '\tchain filter-output {',
  '\t\ttype filter hook output priority filter; policy accept;',
  '\t\tct state new jump service-endpoints-check',
  '\t\tct state new jump cluster-ips-check',
  '\t}',
  '',
  '\tchain nat-prerouting {',
  '\t\ttype nat hook prerouting priority dstnat; policy accept;',
  '\t\tjump services',
  '\t}',
  '',
  '\tchain nat-output {',
  '\t\ttype nat hook output priority dstnat; policy accept;',
  '\t\tjump services',
  '\t}',
  '',
  '\tchain nat-postrouting {',
  '\t\ttype nat hook postrouting priority srcnat; policy accept;',
  '\t\tjump masquerading',
  '\t}',
  '',
  '\tchain nodeport-endpoints-check {',
  '\t\tip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports',
  '\t}',
  '',
  '\tchain service-endpoints-check {',
  '\t\tip daddr . meta l4proto . th dport vmap @no-endpoint-services',
  '\t}',
  '',
  '\tchain firewall-check {',
  '\t\tip daddr . meta l4proto . th dport vmap @firewall-ips',
  '\t}',
  '',
  '\tchain services {',
  '\t\tip daddr @cluster-ips ip saddr != 10.244.0.0/16 meta mark set meta mark | 0x00004000 comment "masquerade clusterIP traffic from outside cluster"',
  '\t\tip daddr . meta l4proto . th dport vmap @service-ips',
  '\t\tip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports',
  '\t}',
  '',
  '\tchain masquerading {',
  '\t\tmeta mark & 0x00004000 != 0x00000000 meta mark set meta mark ^ 0x00004000 masquerade fully-random',
  '\t\tct status dnat ip saddr . ip daddr . meta l4proto . th dport @hairpin-connections masquerade fully-random',
  '\t}',
  '',
  '\tchain cluster-ips-check {',
  '\t\tip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
  '\t\tip daddr 10.96.0.0/12 drop comment "Drop traffic to unallocated ClusterIPs"',
  '\t}',
  '',
  '\tchain reject-chain {',
  '\t\tcomment "helper for @no-endpoint-services / @no-endpoint-nodeports"',
  '\t\treject',
  '\t}',
  '',
  '\tchain service-5O3K3WW6-prod/web/tcp/http {',
  '\t\tmeta l4proto tcp dnat ip to numgen random mod 3 map { 0 : 10.244.1.5 . 8080, 1 : 10.244.2.7 . 8080, 2 : 10.244.3.9 . 8080 }',
  '\t}',
  '',
  '\tchain service-S5YIF2DB-prod/np-cluster/tcp/http {',
  '\t\tmeta l4proto tcp dnat ip to numgen random mod 2 map { 0 : 10.244.1.5 . 8080, 1 : 10.244.2.7 . 8080 }',
  '\t}',
  '',
  '\tchain external-S5YIF2DB-prod/np-cluster/tcp/http {',
  '\t\tmeta mark set meta mark | 0x00004000 comment "masquerade"',
  '\t\tgoto service-S5YIF2DB-prod/np-cluster/tcp/http',
  '\t}',
  '',
  '\tchain service-VS5E2CQM-prod/np-local/tcp/http {',
  '\t\tmeta l4proto tcp dnat ip to numgen random mod 2 map { 0 : 10.244.1.5 . 8080, 1 : 10.244.2.7 . 8080 }',
  '\t}',
  '',
  '\tchain local-VS5E2CQM-prod/np-local/tcp/http {',
  '\t\tmeta l4proto tcp dnat ip to numgen random mod 1 map { 0 : 10.244.1.5 . 8080 }',
  '\t}',
  '',
  '\tchain external-VS5E2CQM-prod/np-local/tcp/http {',
  '\t\tip saddr 10.244.0.0/16 goto service-VS5E2CQM-prod/np-local/tcp/http comment "short-circuit pod traffic"',
  '\t\tfib saddr type local meta mark set meta mark | 0x00004000 comment "masquerade local traffic"',
  '\t\tfib saddr type local goto service-VS5E2CQM-prod/np-local/tcp/http comment "short-circuit local traffic"',
  '\t\tgoto local-VS5E2CQM-prod/np-local/tcp/http',
  '\t}',
  '}',
];

function svc(name: string, clusterIP: string, over: Partial<ServiceInfo> = {}, nodePort?: number): ServiceInfo {
  return {
    name,
    namespace: 'prod',
    type: nodePort ? 'NodePort' : 'ClusterIP',
    clusterIP,
    selector: { app: name },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', ...(nodePort ? { nodePort } : {}) }],
    labels: {},
    sessionAffinity: 'None',
    sessionAffinityTimeout: 10800,
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    externalIPs: [],
    publishNotReadyAddresses: false,
    ...over,
  };
}

function slice(service: string, eps: readonly (readonly [string, string])[]): EndpointSliceInfo {
  return {
    name: `${service}-x1`,
    namespace: 'prod',
    service,
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: eps.map(([ip, node]) => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false }, nodeName: node })),
    managedBy: 'endpointslice-controller.k8s.io',
  };
}

/** node-a 192.168.1.10; 10.244.1.5 is local, 10.244.2.7 and 10.244.3.9 are on other nodes. */
export const NOTES_INPUT: NftProxyInput = {
  node: 'node-a',
  clusterCIDR: parseCidr('10.244.0.0/16'),
  nodeIps: ['192.168.1.10'],
  serviceCIDRs: [parseCidr('10.96.0.0/12')],
  services: [
    svc('web', '10.96.45.12'),
    svc('empty', '10.96.100.20'),
    svc('np-cluster', '10.96.200.30', {}, 30080),
    svc('np-local', '10.96.200.31', { externalTrafficPolicy: 'Local' }, 30081),
  ],
  slices: [
    slice('web', [
      ['10.244.1.5', 'node-a'],
      ['10.244.2.7', 'node-b'],
      ['10.244.3.9', 'node-c'],
    ]),
    slice('np-cluster', [
      ['10.244.1.5', 'node-a'],
      ['10.244.2.7', 'node-b'],
    ]),
    slice('np-local', [
      ['10.244.1.5', 'node-a'],
      ['10.244.2.7', 'node-b'],
    ]),
  ],
};

describe('kube-proxy nftables proxier', () => {
  it('names chains hashAndTruncate(ns/svc/proto/port) (K-TEST vectors)', () => {
    expect(hashAndTruncate('ns1/svc1/tcp/p80')).toBe('ULMVA6XW-ns1/svc1/tcp/p80');
    expect(hashAndTruncate('ns1/svc1/tcp/p80__10.180.0.1/80')).toBe('5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80');
    expect(hashAndTruncate('x'.repeat(300))).toHaveLength(240);
  });

  it("writes the notes' `nft list table ip kube-proxy` byte for byte", () => {
    expect(listTable(kubeProxyTable(NOTES_INPUT)).join('\n')).toBe(NOTES_LISTING.join('\n'));
  });

  it('on a node without a local endpoint, eTP=Local NodePorts drop and the external chain has no final goto', () => {
    const t = kubeProxyTable({ ...NOTES_INPUT, node: 'node-c', nodeIps: ['192.168.1.12'] });
    const text = listTable(t).join('\n');
    expect(text).toContain('tcp . 30081 comment "prod/np-local:http" : drop');
    expect(text).not.toContain('local-VS5E2CQM');
    expect(text).toContain('elements = { 10.244.3.9 . 10.244.3.9 . tcp . 8080 }');
    const ext = t.chains.find((c) => c.name === 'external-VS5E2CQM-prod/np-local/tcp/http')!;
    expect(ext.rules).toHaveLength(3);
  });

  it('ClientIP affinity: endpoint chains and dynamic affinity sets', () => {
    const t = kubeProxyTable({ ...NOTES_INPUT, services: [svc('web', '10.96.45.12', { sessionAffinity: 'ClientIP' })], slices: [NOTES_INPUT.slices[0]] });
    const text = listTable(t).join('\n');
    expect(text).toContain(
      ['\tset affinity-MX4YDBFJ-prod/web/tcp/http__10.244.1.5/8080 {', '\t\ttype ipv4_addr', '\t\tflags dynamic,timeout', '\t\ttimeout 3h', '\t}'].join('\n'),
    );
    expect(text).toContain(
      [
        '\tchain service-5O3K3WW6-prod/web/tcp/http {',
        '\t\tip saddr @affinity-MX4YDBFJ-prod/web/tcp/http__10.244.1.5/8080 goto endpoint-MX4YDBFJ-prod/web/tcp/http__10.244.1.5/8080',
        '\t\tip saddr @affinity-FFG3EOGR-prod/web/tcp/http__10.244.2.7/8080 goto endpoint-FFG3EOGR-prod/web/tcp/http__10.244.2.7/8080',
        '\t\tip saddr @affinity-DCXC2763-prod/web/tcp/http__10.244.3.9/8080 goto endpoint-DCXC2763-prod/web/tcp/http__10.244.3.9/8080',
        '\t\tnumgen random mod 3 vmap { 0 : goto endpoint-MX4YDBFJ-prod/web/tcp/http__10.244.1.5/8080, 1 : goto endpoint-FFG3EOGR-prod/web/tcp/http__10.244.2.7/8080, 2 : goto endpoint-DCXC2763-prod/web/tcp/http__10.244.3.9/8080 }',
        '\t}',
      ].join('\n'),
    );
    expect(text).toContain(
      [
        '\tchain endpoint-MX4YDBFJ-prod/web/tcp/http__10.244.1.5/8080 {',
        '\t\tupdate @affinity-MX4YDBFJ-prod/web/tcp/http__10.244.1.5/8080 { ip saddr }',
        '\t\tmeta l4proto tcp dnat to 10.244.1.5:8080',
        '\t}',
      ].join('\n'),
    );
  });

  it('a sync replaces the table and cleans up the iptables mode (iptables.CleanupLeftovers), kubelet chains stay', () => {
    const jump = (chain: string) => ({ match: {}, target: { kind: 'JUMP' as const, chain } });
    const ch = (name: string, rules: Chain['rules'] = []): Chain => ({ name, rules });
    const ns = {
      id: 'node-a',
      netfilter: {
        nat: {
          PREROUTING: { ...ch('PREROUTING', [jump('KUBE-SERVICES')]), policy: 'ACCEPT' },
          POSTROUTING: { ...ch('POSTROUTING', [jump('KUBE-POSTROUTING'), jump('FLANNEL-POSTRTG')]), policy: 'ACCEPT' },
          'KUBE-SERVICES': ch('KUBE-SERVICES'),
          'KUBE-POSTROUTING': ch('KUBE-POSTROUTING'),
          'KUBE-SVC-ABC': ch('KUBE-SVC-ABC'),
          'KUBE-SEP-ABC': ch('KUBE-SEP-ABC'),
          'KUBE-MARK-MASQ': ch('KUBE-MARK-MASQ'),
          'FLANNEL-POSTRTG': ch('FLANNEL-POSTRTG'),
        },
        filter: {
          INPUT: { ...ch('INPUT', [jump('KUBE-PROXY-FIREWALL'), jump('KUBE-FIREWALL')]), policy: 'ACCEPT' },
          'KUBE-FORWARD': ch('KUBE-FORWARD'),
          'KUBE-PROXY-FIREWALL': ch('KUBE-PROXY-FIREWALL'),
          'KUBE-FIREWALL': ch('KUBE-FIREWALL'),
        },
      },
      nft: [],
    } as unknown as Netns;
    const once = syncNftables(ns, NOTES_INPUT);
    const twice = syncNftables(once, NOTES_INPUT);
    expect(twice.nft?.map((t) => `${t.family} ${t.name}`)).toEqual(['ip kube-proxy']);
    expect(Object.keys(twice.netfilter.nat!)).toEqual(['PREROUTING', 'POSTROUTING', 'KUBE-MARK-MASQ', 'FLANNEL-POSTRTG']);
    expect(twice.netfilter.nat!.POSTROUTING.rules).toEqual([jump('FLANNEL-POSTRTG')]);
    expect(twice.netfilter.nat!.PREROUTING.rules).toEqual([]);
    expect(Object.keys(twice.netfilter.filter!)).toEqual(['INPUT', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL']);
    expect(twice.netfilter.filter!.INPUT.rules).toEqual([jump('KUBE-FIREWALL')]);
  });
});
