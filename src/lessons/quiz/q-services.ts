/**
 * Multiple choice: Services and kube-proxy (iptables, IPVS, nftables, eBPF), conntrack and NAT,
 * DNS and CoreDNS. Facts from REFERENCE.md §2–§4; wording ours.
 */
import type { Question } from '../types';
import { choice, dns, http, icmp, lab, tcp } from './build';

export const SERVICE_QUESTIONS: readonly Question[] = [
  choice({
    id: 'svc-pod-ok-service-not',
    domain: 'cka-troubleshooting',
    topic: 'services',
    seedQuestion: 's000-card-5',
    prompt: "curl to a pod's IP works, but curl to its Service fails. Which layer is left to suspect?",
    choices: [
      'The application listener',
      'The CNI overlay between nodes',
      'The Service datapath: EndpointSlices, kube-proxy (or its eBPF replacement), conntrack',
      'The pod MTU',
    ],
    answer: 2,
    explanation:
      'The listener and the pod network are proven by the direct curl. What remains is the translation from ClusterIP to endpoint: does the EndpointSlice list ready pods, does kube-proxy run and in which mode, is a stale conntrack entry steering the flow?',
    link: lab('services-dns', tcp('client', '10.96.100.10:80'), [{ type: 'endpointslice-empty', service: 'prod/web' }]),
  }),
  choice({
    id: 'svc-clusterip-packet',
    domain: 'cka-networking',
    topic: 'services',
    seedQuestion: 's002-quick-5',
    prompt: 'What happens to a packet sent to a ClusterIP in iptables mode, and where is kube-proxy?',
    choices: [
      'kube-proxy receives it in user space and forwards it to a pod',
      'The kernel DNATs it to one ready endpoint chosen from the rules kube-proxy programmed; kube-proxy itself is not on the packet path',
      'CoreDNS rewrites it',
      'The CNI plugin routes it to the node that owns the ClusterIP',
    ],
    answer: 1,
    explanation:
      'kube-proxy watches Services and EndpointSlices and writes rules; the netfilter hooks do the rewriting. The reply is un-NATed from the conntrack entry. No interface owns the ClusterIP.',
    link: lab('services-dns', http('client', '10.96.100.10:80')),
  }),
  choice({
    id: 'svc-iptables-vs-ipvs',
    domain: 'cka-networking',
    topic: 'services',
    seedQuestion: 's002-interview-7',
    prompt: 'How do iptables and IPVS kube-proxy modes differ, and why does it matter with thousands of Services?',
    choices: [
      'IPVS encrypts Service traffic',
      'iptables walks chains rule by rule, roughly linear in Services and endpoints; IPVS looks virtual servers up in hash tables and offers several schedulers',
      'iptables supports UDP and IPVS does not',
      'They are identical apart from the name',
    ],
    answer: 1,
    explanation:
      'Both DNAT a ClusterIP to a pod in the kernel. IPVS scales better (rr by default; lc, sh…) and binds VIPs to the kube-ipvs0 dummy device. nftables is the modern successor; IPVS is deprecated in recent releases.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'svc-probability',
    domain: 'cka-networking',
    topic: 'services',
    prompt: 'A Service has 3 endpoints in iptables mode. What do the three rules of its KUBE-SVC chain do?',
    choices: [
      'Each has probability 1/3',
      'The first matches with probability 1/3, the second with 1/2 of the rest, the last has no statistic match — a uniform split',
      'They round-robin by connection count',
      'They pick by source hash',
    ],
    answer: 1,
    explanation:
      'Rule i uses probability 1/(n−i) and the last rule is an unconditional fall-through. iptables-save prints the kernel-stored values, e.g. 0.33333333349 and 0.50000000000.',
    link: lab('services-dns', http('client', '10.96.100.10:80')),
  }),
  choice({
    id: 'svc-no-endpoints-refused',
    domain: 'cka-troubleshooting',
    topic: 'services',
    prompt: "A ClusterIP Service's selector matches no ready pod. What does a TCP client see in iptables mode?",
    choices: ['A timeout after 30 s', 'Connection refused at once: a filter-table REJECT answers with ICMP port unreachable', 'An HTTP 503', 'DNS NXDOMAIN'],
    answer: 1,
    explanation:
      'kube-proxy writes "<svc> has no endpoints" REJECT rules. Compare: internalTrafficPolicy Local with no local endpoint is a DROP (timeout). Check `kubectl get endpointslices` and the pods\' readiness.',
    link: lab('services-dns', tcp('client', '10.96.100.10:80'), [{ type: 'endpointslice-empty', service: 'prod/web' }]),
  }),
  choice({
    id: 'svc-ping-vip',
    domain: 'cka-troubleshooting',
    topic: 'services',
    prompt: 'A colleague says "the Service is down, I cannot even ping its ClusterIP". What do you answer?',
    choices: [
      'Right: ClusterIPs always answer ping',
      "A ping proves nothing here: iptables rules match only the Service's ports, so ICMP to a ClusterIP is never answered even when the Service is fine",
      'Restart kube-proxy',
      'The pod MTU is wrong',
    ],
    answer: 1,
    explanation:
      'Test a Service with its own protocol and port (curl, nc). In IPVS mode older versions did answer ping because kube-ipvs0 owns the VIPs; newer kube-proxy filters non-service traffic there.',
    link: lab('services-dns', icmp('client', '10.96.100.10')),
  }),
  choice({
    id: 'svc-masq-mark',
    domain: 'cka-networking',
    topic: 'conntrack',
    prompt: "What does the mark 0x4000 do in kube-proxy's iptables rules?",
    choices: [
      'It marks packets to drop',
      'KUBE-MARK-MASQ sets it on traffic that needs source NAT; KUBE-POSTROUTING masquerades marked packets',
      'It selects the IPVS scheduler',
      'It tags DNS traffic',
    ],
    answer: 1,
    explanation:
      'Bit 14 (--iptables-masquerade-bit) is the "needs SNAT" flag: set for NodePort/external traffic and for hairpin (a pod reaching itself through its Service), then consumed in POSTROUTING.',
    link: lab('services-dns', http('laptop', 'node2:30080')),
  }),
  choice({
    id: 'svc-reverse-nat',
    domain: 'cka-networking',
    topic: 'conntrack',
    prompt: 'The backend pod replies from 10.244.2.10:8080, yet the client sees the answer come from 10.96.100.10:80. What restores the address?',
    choices: ['CoreDNS', 'kube-proxy in user space', "conntrack: the DNAT is recorded in the flow's entry and the reply is un-NATed from it", 'The CNI bridge'],
    answer: 2,
    explanation:
      'Only the first packet of a flow traverses the nat table; conntrack applies the same binding to later packets and the reverse to replies. `conntrack -L` shows both tuples.',
    link: lab('services-dns', http('client', '10.96.100.10:80')),
  }),
  choice({
    id: 'svc-etp-local',
    domain: 'cks-cluster-hardening',
    topic: 'services',
    prompt: 'Why set externalTrafficPolicy: Local on a NodePort or LoadBalancer Service?',
    choices: [
      'To encrypt traffic',
      'To keep the client source IP: traffic goes only to endpoints on the receiving node, so no SNAT to the node is needed',
      'To make the Service internal only',
      'To spread load more evenly',
    ],
    answer: 1,
    explanation:
      'With Cluster (default) a node may forward to a pod elsewhere and masquerades so replies come back through it — the pod sees a node IP. Local preserves the client IP; nodes without a local endpoint drop external traffic.',
    link: lab('services-dns', http('laptop', 'node2:30080')),
  }),
  choice({
    id: 'svc-headless',
    domain: 'cka-networking',
    topic: 'dns',
    prompt: 'A headless Service (clusterIP: None) with three ready pods is looked up. What comes back?',
    choices: ['One ClusterIP', 'One A record per ready endpoint', 'NXDOMAIN always', 'A CNAME to the first pod'],
    answer: 1,
    explanation:
      'No VIP, no kube-proxy rules: DNS returns the endpoints themselves (and hostname records for pods with a hostname/subdomain). With no ready endpoints the answer is NXDOMAIN.',
    link: lab('services-dns', dns('client', 'web.prod.svc.cluster.local')),
  }),
  choice({
    id: 'svc-dns-name-form',
    domain: 'cka-networking',
    topic: 'dns',
    prompt: 'What is the fully qualified name of Service `web` in namespace `prod` on a default cluster?',
    choices: ['web.prod.cluster.local', 'web.prod.svc.cluster.local', 'prod.web.svc.cluster.local', 'web.svc.prod.local'],
    answer: 1,
    explanation:
      '<service>.<namespace>.svc.<zone>, zone cluster.local by default. Pods get `<a-b-c-d>.<ns>.pod.cluster.local` records from CoreDNS, not stable names.',
    link: lab('services-dns', dns('client', 'web.prod.svc.cluster.local')),
  }),
  choice({
    id: 'svc-ndots-cost',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'A glibc pod in namespace prod (ndots:5) looks up api.github.com. How many names does it try before the real one?',
    choices: ['None', 'One', 'Three cluster search domains (plus any host ones), each as A and AAAA', 'Five, one per ndot'],
    answer: 2,
    explanation:
      'Two dots is fewer than five, so the search list comes first: api.github.com.prod.svc.cluster.local, .svc.cluster.local, .cluster.local — all NXDOMAIN — then the name as is. A trailing dot (api.github.com.) skips the search.',
    link: lab('flannel-vxlan', dns('client', 'api.github.com')),
  }),
  choice({
    id: 'svc-musl-nodata',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'An Alpine (musl) image resolves a name differently from a Debian (glibc) one. Which difference is real?',
    choices: [
      'musl ignores resolv.conf',
      'musl stops the search at a NODATA answer, and with dots ≥ ndots it never uses the search list; glibc continues and falls back',
      'musl only asks AAAA',
      'musl caches forever',
    ],
    answer: 1,
    explanation:
      'musl treats NOERROR-with-no-records as final; glibc moves on to the next candidate. Both send A and AAAA in parallel. Names that "work in Debian but not Alpine" often come from this.',
    link: lab('services-dns', dns('client', 'web.prod')),
  }),
  choice({
    id: 'svc-dnspolicy-default',
    domain: 'cka-networking',
    topic: 'dns',
    prompt: 'Which dnsPolicy does a pod get when the spec sets none?',
    choices: ['Default', 'ClusterFirst', 'None', 'ClusterFirstWithHostNet'],
    answer: 1,
    explanation:
      '"Default" is a misleading name: it means inherit the node\'s resolv.conf. ClusterFirst (the real default) points at the cluster DNS Service with the namespace search list and ndots:5.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'svc-name-not-ip',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    seedQuestion: 's002-interview-10',
    prompt: 'A pod reaches a Service by its ClusterIP but not by name. Where do you look first?',
    choices: [
      'The overlay tunnel',
      "DNS: CoreDNS pods and the kube-dns Service endpoints, the pod's resolv.conf (search, ndots, dnsPolicy), and whether the FQDN works",
      'kube-proxy mode',
      'The pod MTU',
    ],
    answer: 1,
    explanation:
      'The ClusterIP path works, so Service datapath and pod network are fine; only the name-to-address step is left. If even the ClusterIP failed you would move to kube-proxy and endpoints.',
    link: lab('services-dns', http('client', 'web.prod.svc.cluster.local:80'), [{ type: 'coredns-scale', replicas: 0 }]),
  }),
  choice({
    id: 'svc-coredns-forward',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'In the default Corefile, what answers a query for an external name such as api.github.com?',
    choices: [
      'The kubernetes plugin',
      "The `forward . /etc/resolv.conf` plugin sends it to the node's upstream resolver; `cache 30` keeps the answer",
      'kube-proxy',
      'The pod resolves it directly from the internet',
    ],
    answer: 1,
    explanation:
      "CoreDNS serves cluster.local itself and forwards the rest. If the upstream fails, in-cluster names still resolve and external ones get SERVFAIL — and external lookups may leave through the node's NAT path.",
    link: lab('flannel-vxlan', dns('client', 'api.github.com'), [{ type: 'upstream-dns-down' }]),
  }),
  choice({
    id: 'svc-conntrack-udp-stale',
    domain: 'cka-troubleshooting',
    topic: 'conntrack',
    prompt: 'After a CoreDNS pod was replaced, one client keeps timing out on DNS while others are fine. Why can conntrack cause this?',
    choices: [
      'conntrack blocks UDP by default',
      'Its UDP flow (same 5-tuple) still has an entry translating to the old pod IP, so new queries follow the dead mapping until the entry is deleted or expires',
      'conntrack caches DNS answers',
      'conntrack only tracks TCP',
    ],
    answer: 1,
    explanation:
      'NAT decisions are made once per flow. kube-proxy flushes UDP entries for removed endpoints; if that was missed, `conntrack -D -p udp --dport 53` on the node clears it.',
    link: lab('services-dns', dns('client', 'web.prod.svc.cluster.local'), [{ type: 'stale-conntrack', pod: 'client' }]),
  }),
  choice({
    id: 'svc-kpr-no-chains',
    domain: 'cka-troubleshooting',
    topic: 'ebpf',
    prompt: 'On a Cilium cluster with kube-proxy replacement, `iptables-save | grep KUBE-SVC` prints nothing. What does that mean?',
    choices: [
      'Services are broken',
      'Expected: Services are load-balanced by eBPF (socket LB at connect(), tc for NodePort) from BPF maps; inspect them with cilium-dbg service list',
      'kube-proxy crashed',
      'The cluster has no Services',
    ],
    answer: 1,
    explanation:
      'Step 7 of the troubleshooting flow: know whether kube-proxy was replaced before debugging Services. The tools change: cilium-dbg status, service list, bpf lb list, hubble observe.',
    link: lab('cilium-kpr', http('client', '10.96.100.10:80')),
  }),
  choice({
    id: 'svc-session-affinity',
    domain: 'cka-networking',
    topic: 'services',
    prompt: 'sessionAffinity: ClientIP in iptables mode is implemented with…',
    choices: [
      'a cookie',
      'the `recent` match: each SEP records the client address and the SVC chain sends returning clients to it for 10800 s by default',
      'IPVS persistence only',
      'CoreDNS',
    ],
    answer: 1,
    explanation:
      'kube-proxy adds `-m recent --rcheck --seconds 10800 --reap` rules before the probability rules. In IPVS mode the same shows as `persistent 10800`.',
    link: lab('services-dns'),
  }),
];
