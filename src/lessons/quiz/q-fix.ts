/**
 * "Fix it": a sample scenario broken by faults, a time limit, and a `reach` goal checked on the
 * lab the learner's terminal commands leave (core checkGoal runs the probe on the repaired tables).
 * The shipped solution is replayed in CI (quiz.test.ts), and the unrepaired lab must fail the goal.
 */
import type { Question } from '../types';
import { dns, fix, http, icmp, lab, sample, tcp } from './build';

export const FIX_QUESTIONS: readonly Question[] = [
  fix({
    id: 'fix-stale-conntrack',
    domain: 'cka-troubleshooting',
    topic: 'conntrack',
    prompt:
      "client's DNS lookups time out, yet both CoreDNS pods are Running and Ready. A stale UDP conntrack entry on node1 still maps client's DNS flow to a CoreDNS pod that was deleted. Make the lookup of web.prod.svc.cluster.local work again from node1's terminal.",
    explanation:
      'conntrack translates every packet of a known flow from its entry; only a new flow runs the kube-dns DNAT rules again. Deleting the entry (`conntrack -D -p udp --dport 53`, or the narrower `-d 10.96.0.10`) makes the next query a new flow that picks a live endpoint. kube-proxy deletes such entries itself when an endpoint goes away — unless it missed the change.',
    link: lab('services-dns', dns('client', 'web.prod.svc.cluster.local'), [{ type: 'stale-conntrack', pod: 'client' }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'stale-conntrack', pod: 'client' }],
    where: 'node1',
    seconds: 300,
    goal: {
      kind: 'reach',
      probe: dns('client', 'web.prod.svc.cluster.local'),
      fate: { verdict: 'delivered' },
      text: 'client resolves web.prod.svc.cluster.local',
    },
    solution: [{ do: 'command', where: 'node1', line: 'conntrack -D -p udp --dport 53' }],
  }),
  fix({
    id: 'fix-underlay-mtu',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt:
      "host-gw cluster: small pings from client to web-1 work, full-size ones vanish without an error. node2's NIC was set to MTU 1400 while the rest of the underlay runs 1500. Repair node2 so a 1472-byte ping with DF arrives.",
    explanation:
      "A frame bigger than the receiving device's MTU is dropped silently, and no router on the path had a smaller next hop to report — so PMTUD cannot help. The underlay MTU must be consistent: `ip link set eth0 mtu 1500` on node2.",
    link: lab('host-gw', icmp('client', 'web-1', 1472, true), [{ type: 'mtu', node: 'node2', device: 'eth0', mtu: 1400 }]),
    scenario: sample('host-gw'),
    faults: [{ type: 'mtu', node: 'node2', device: 'eth0', mtu: 1400 }],
    where: 'node2',
    seconds: 300,
    goal: { kind: 'reach', probe: icmp('client', 'web-1', 1472, true), fate: { verdict: 'delivered' }, text: 'a 1472-byte DF ping from client reaches web-1' },
    solution: [{ do: 'command', where: 'node2', line: 'ip link set eth0 mtu 1500' }],
  }),
  fix({
    id: 'fix-pmtu-black-hole',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt:
      "client's pod MTU is 1500 on a VXLAN overlay (1450 usable). Big TCP transfers from client to web-1:8080 hang after the handshake because node1 drops every ICMP packet it sends. Restore path-MTU discovery on node1 so a 4000-byte transfer completes.",
    explanation:
      'node1 must tell client "fragmentation needed, mtu 1450" for the oversize segments; a blanket ICMP DROP in OUTPUT swallows it and creates the black hole. Deleting the rule (`iptables -D OUTPUT -p icmp -j DROP`) lets PMTUD work: the client caches 1450 and TCP shrinks its segments. The lasting fix is the CNI MTU — a pod cannot lower its own eth0 (no NET_ADMIN) — and never filtering ICMP type 3 code 4.',
    link: lab('mtu-black-hole', tcp('client', 'web-1:8080', 4000), [{ type: 'block', node: 'node1', protocol: 'icmp', chain: 'OUTPUT' }]),
    scenario: sample('mtu-black-hole'),
    faults: [{ type: 'block', node: 'node1', protocol: 'icmp', chain: 'OUTPUT' }],
    where: 'node1',
    seconds: 420,
    goal: {
      kind: 'reach',
      probe: tcp('client', 'web-1:8080', 4000),
      fate: { verdict: 'delivered' },
      text: 'a 4000-byte TCP transfer from client to web-1 completes',
    },
    solution: [{ do: 'command', where: 'node1', line: 'iptables -D OUTPUT -p icmp -j DROP' }],
  }),
  fix({
    id: 'fix-vxlan-route',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt:
      "Flannel VXLAN: node1 lost its route to node2's pod subnet 10.244.2.0/24, so client cannot ping web-1. Put the route back the way flannel writes it.",
    explanation:
      "Flannel's VXLAN backend routes each remote subnet via that subnet's .0 address on flannel.1, with `onlink` (the gateway sits on no local subnet); the permanent neighbour and FDB entries do the rest. On a real node, restarting flanneld rewrites it.",
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'delete-route', node: 'node1', dst: '10.244.2.0/24' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'delete-route', node: 'node1', dst: '10.244.2.0/24' }],
    where: 'node1',
    seconds: 300,
    goal: { kind: 'reach', probe: icmp('client', 'web-1'), fate: { verdict: 'delivered' }, text: 'client pings web-1 across nodes' },
    solution: [{ do: 'command', where: 'node1', line: 'ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' }],
  }),
  fix({
    id: 'fix-host-gw-route',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt: "Flannel host-gw: node1 has no route to node2's pods (10.244.2.0/24); node2 is 192.168.1.11. Restore cross-node reachability from client to web-1.",
    explanation:
      'host-gw is plain routing: every node needs `<remote pod subnet> via <remote node IP> dev eth0`, which only works when the nodes share an L2 segment.',
    link: lab('host-gw', icmp('client', 'web-1'), [{ type: 'delete-route', node: 'node1', dst: '10.244.2.0/24' }]),
    scenario: sample('host-gw'),
    faults: [{ type: 'delete-route', node: 'node1', dst: '10.244.2.0/24' }],
    where: 'node1',
    seconds: 240,
    goal: { kind: 'reach', probe: icmp('client', 'web-1'), fate: { verdict: 'delivered' }, text: 'client pings web-1 on node2' },
    solution: [{ do: 'command', where: 'node1', line: 'ip route add 10.244.2.0/24 via 192.168.1.11 dev eth0' }],
  }),
  fix({
    id: 'fix-vxlan-firewall',
    domain: 'cka-troubleshooting',
    topic: 'troubleshooting',
    prompt: 'Same-node traffic works, cross-node does not. A rule on node2 drops the VXLAN port. Remove it so client can ping web-1.',
    explanation:
      '`iptables -S INPUT` shows `-A INPUT -p udp -m udp --dport 8472 -j DROP`; deleting that exact rule with `-D` (or inserting an ACCEPT above it) reopens the tunnel. Overlay ports must be open between all nodes: UDP 8472 for Flannel/Cilium VXLAN, 4789 for Calico VXLAN, 6081 for Geneve, 51820 for WireGuard, TCP 179 for BGP.',
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }],
    where: 'node2',
    seconds: 240,
    goal: { kind: 'reach', probe: icmp('client', 'web-1'), fate: { verdict: 'delivered' }, text: 'client pings web-1 across nodes' },
    solution: [{ do: 'command', where: 'node2', line: 'iptables -D INPUT -p udp -m udp --dport 8472 -j DROP' }],
  }),
  fix({
    id: 'fix-coredns-replicas',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'Every lookup in the cluster fails while Services still answer by ClusterIP. Someone scaled CoreDNS down to zero. Bring name resolution back.',
    explanation:
      "With no CoreDNS pods the kube-dns Service has no endpoints, so queries to 10.96.0.10 are refused. Scaling the Deployment back (`kubectl -n kube-system scale deployment coredns --replicas=2`, kubeadm's default) refills the EndpointSlice and kube-proxy's rules.",
    link: lab('services-dns', http('client', 'web.prod.svc.cluster.local:80'), [{ type: 'coredns-scale', replicas: 0 }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'coredns-scale', replicas: 0 }],
    where: 'node1',
    seconds: 180,
    goal: {
      kind: 'reach',
      probe: http('client', 'web.prod.svc.cluster.local:80'),
      fate: { verdict: 'delivered' },
      text: 'client fetches http://web.prod.svc.cluster.local/',
    },
    solution: [{ do: 'command', where: 'node1', line: 'kubectl -n kube-system scale deployment coredns --replicas=2' }],
  }),
  fix({
    id: 'fix-vxlan-fdb',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt:
      "Flannel VXLAN: node1's flannel.1 lost its FDB entry for node2's VTEP, so cross-node pings die on node1. The neighbour entry for 10.244.2.0 still names the VTEP's MAC. Put the FDB entry back so client reaches web-1 (node2 is 192.168.1.11).",
    explanation:
      'flannel.1 runs with learning off: flanneld writes, per remote node, a permanent neighbour entry (remote subnet .0 → VTEP MAC) and a permanent FDB entry (VTEP MAC → node IP). Read the MAC from `ip neigh show dev flannel.1`, then `bridge fdb add <mac> dev flannel.1 dst 192.168.1.11 self permanent`.',
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'delete-fdb', node: 'node1', device: 'flannel.1', peer: 'node2' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'delete-fdb', node: 'node1', device: 'flannel.1', peer: 'node2' }],
    where: 'node1',
    seconds: 420,
    goal: { kind: 'reach', probe: icmp('client', 'web-1'), fate: { verdict: 'delivered' }, text: 'client pings web-1 across nodes' },
    solution: [
      { do: 'command', where: 'node1', line: 'ip neigh show dev flannel.1' },
      { do: 'command', where: 'node1', line: 'bridge fdb add 3e:6c:ea:63:fd:f8 dev flannel.1 dst 192.168.1.11 self permanent' },
    ],
  }),
  fix({
    id: 'fix-vxlan-neigh',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt:
      "Flannel VXLAN: node1's permanent neighbour entry for node2's VTEP gateway (10.244.2.0 on flannel.1) was deleted. The FDB entry is still there. Restore it so client reaches web-1.",
    explanation:
      "With the route `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`, the kernel needs the gateway's MAC; flannel.1 cannot ARP across the overlay (flanneld answers by writing entries, not by ARP). The FDB shows the MAC; `ip neigh add 10.244.2.0 lladdr <mac> dev flannel.1 nud permanent` restores it.",
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'delete-neigh', node: 'node1', device: 'flannel.1', peer: 'node2' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'delete-neigh', node: 'node1', device: 'flannel.1', peer: 'node2' }],
    where: 'node1',
    seconds: 420,
    goal: { kind: 'reach', probe: icmp('client', 'web-1'), fate: { verdict: 'delivered' }, text: 'client pings web-1 across nodes' },
    solution: [
      { do: 'command', where: 'node1', line: 'bridge fdb show dev flannel.1' },
      { do: 'command', where: 'node1', line: 'ip neigh add 10.244.2.0 lladdr 3e:6c:ea:63:fd:f8 dev flannel.1 nud permanent' },
    ],
  }),
];
