/**
 * "Predict the packet", Services / DNS / policy half (paths and MTU are in q-predict.ts). The key is
 * the engine's trace (core predictionKey); quiz.test.ts checks the offered choices contain it.
 */
import type { Question } from '../types';
import { dns, http, icmp, lab, pod, predict, sample, tcp } from './build';

const N1 = 'node1';
const N2 = 'node2';

export const PREDICT_SERVICE_QUESTIONS: readonly Question[] = [
  predict({
    id: 'predict-empty-endpoints',
    domain: 'cka-troubleshooting',
    topic: 'services',
    prompt:
      "The web Service's selector no longer matches any pod, so its EndpointSlice is empty (iptables kube-proxy). What does `curl` to the ClusterIP 10.96.100.10:80 from client see?",
    explanation:
      'With no endpoints kube-proxy writes no KUBE-SVC chain; instead the filter table gets a "has no endpoints" REJECT rule, and the client node answers ICMP port unreachable at once — curl reports "connection refused" immediately, not a timeout.',
    link: lab('services-dns', tcp('client', '10.96.100.10:80'), [{ type: 'endpointslice-empty', service: 'prod/web' }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'endpointslice-empty', service: 'prod/web' }],
    probe: tcp('client', '10.96.100.10:80'),
    atChoices: [pod('client'), N1, N2, pod('web-1', 'prod')],
    reasonChoices: ['PORT_UNREACHABLE', 'CONNECTION_REFUSED', 'TIMEOUT', 'FILTERED'],
  }),
  predict({
    id: 'predict-coredns-down-name',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'CoreDNS was scaled to 0 replicas. What happens when client fetches http://web.prod.svc.cluster.local/ (port 80)?',
    explanation:
      'The kube-dns Service still has its ClusterIP but no endpoints, so every DNS query to 10.96.0.10 is refused and the lookup fails before a single HTTP packet is sent. By IP, the same Service still answers — the split between name and IP is the first thing to test.',
    link: lab('services-dns', http('client', 'web.prod.svc.cluster.local:80'), [{ type: 'coredns-scale', replicas: 0 }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'coredns-scale', replicas: 0 }],
    probe: http('client', 'web.prod.svc.cluster.local:80'),
    atChoices: [pod('client'), N1, N2, pod('web-1', 'prod')],
    reasonChoices: ['DNS_UNREACHABLE', 'NXDOMAIN', 'DNS_TIMEOUT', 'PORT_UNREACHABLE'],
  }),
  predict({
    id: 'predict-coredns-down-ip',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'CoreDNS is still scaled to 0. What happens when client fetches the same Service by ClusterIP, http://10.96.100.10:80/?',
    explanation:
      'No lookup is needed for an address, and kube-proxy\'s rules do not depend on CoreDNS. The request is DNATed to a web pod and answered: "by IP works, by name fails" means DNS.',
    link: lab('services-dns', http('client', '10.96.100.10:80'), [{ type: 'coredns-scale', replicas: 0 }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'coredns-scale', replicas: 0 }],
    probe: http('client', '10.96.100.10:80'),
    atChoices: [pod('client'), N1, N2, pod('web-1', 'prod')],
    reasonChoices: ['DELIVERED', 'DNS_UNREACHABLE', 'PORT_UNREACHABLE', 'TIMEOUT'],
  }),
  predict({
    id: 'predict-short-name-other-ns',
    domain: 'cka-networking',
    topic: 'dns',
    prompt: 'client lives in namespace default; the web Service lives in prod. What happens when client fetches http://web:80/?',
    explanation:
      'A bare name is tried against the pod\'s own search list: web.default.svc.cluster.local, web.svc.cluster.local, web.cluster.local, then "web." — none exists, so the lookup ends NXDOMAIN. From another namespace use at least web.prod.',
    link: lab('services-dns', http('client', 'web:80')),
    scenario: sample('services-dns'),
    probe: http('client', 'web:80'),
    atChoices: [pod('client'), N1, N2, pod('web-0', 'prod')],
    reasonChoices: ['NXDOMAIN', 'NODATA', 'DNS_SERVFAIL', 'CONNECTION_REFUSED'],
  }),
  predict({
    id: 'predict-upstream-dns-down',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: "The nodes' upstream resolver stopped answering. What does a lookup of api.github.com from client return?",
    explanation:
      "CoreDNS answers cluster names itself but forwards everything else (`forward . /etc/resolv.conf`). When the upstream is silent, CoreDNS gives up and answers SERVFAIL; cluster names keep resolving. That split tells you the fault is beyond the cluster's DNS.",
    link: lab('flannel-vxlan', dns('client', 'api.github.com'), [{ type: 'upstream-dns-down' }]),
    scenario: sample('flannel-vxlan'),
    faults: [{ type: 'upstream-dns-down' }],
    probe: dns('client', 'api.github.com'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['DNS_SERVFAIL', 'NXDOMAIN', 'DNS_TIMEOUT', 'DNS_UNREACHABLE'],
  }),
  predict({
    id: 'predict-stale-conntrack-dns',
    domain: 'cka-troubleshooting',
    topic: 'conntrack',
    prompt:
      "A UDP conntrack entry on client's node still maps its DNS flow to a CoreDNS pod that no longer exists. What happens to client's lookup of web.prod.svc.cluster.local?",
    explanation:
      'The queries reuse the old flow, so conntrack keeps translating them to the dead pod IP instead of running the kube-dns rules again. They go nowhere and the resolver times out. Deleting the stale entry (`conntrack -D -p udp …`) lets the next query pick a live endpoint.',
    link: lab('services-dns', dns('client', 'web.prod.svc.cluster.local'), [{ type: 'stale-conntrack', pod: 'client' }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'stale-conntrack', pod: 'client' }],
    probe: dns('client', 'web.prod.svc.cluster.local'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['DNS_TIMEOUT', 'DNS_UNREACHABLE', 'NXDOMAIN', 'DNS_SERVFAIL'],
  }),
  predict({
    id: 'predict-kube-proxy-stopped',
    domain: 'cka-troubleshooting',
    topic: 'services',
    prompt:
      'kube-proxy stopped before the web Service was created, so no node has rules for 10.96.100.10. Where does `curl http://10.96.100.10/` from client go?',
    explanation:
      "A ClusterIP lives on no interface; only kube-proxy's DNAT turns it into a pod address. With no rule, the packet is routed like any unknown address — out of the default route to the gateway, which discards it. The pod IPs still answer directly.",
    link: lab('services-dns', http('client', '10.96.100.10:80'), [{ type: 'kube-proxy-stopped', services: ['prod/web'] }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'kube-proxy-stopped', services: ['prod/web'] }],
    probe: http('client', '10.96.100.10:80'),
    atChoices: [pod('client'), N1, 'router', pod('web-1', 'prod')],
    reasonChoices: ['BLACKHOLE_ROUTE', 'PORT_UNREACHABLE', 'CONNECTION_REFUSED', 'NO_ROUTE'],
  }),
  predict({
    id: 'predict-ping-clusterip',
    domain: 'cka-networking',
    topic: 'services',
    prompt: 'iptables kube-proxy, healthy Service with three endpoints. What happens when client pings the ClusterIP 10.96.100.10?',
    explanation:
      "kube-proxy's rules match only the Service's protocol and port (TCP 80). An ICMP echo to the VIP is not translated and no interface owns the address, so it is routed away and lost. A failing ping to a ClusterIP proves nothing about the Service.",
    link: lab('services-dns', icmp('client', '10.96.100.10')),
    scenario: sample('services-dns'),
    probe: icmp('client', '10.96.100.10'),
    atChoices: [pod('client'), N1, 'router', pod('web-0', 'prod')],
    reasonChoices: ['BLACKHOLE_ROUTE', 'DELIVERED', 'PORT_UNREACHABLE', 'FILTERED'],
  }),
  predict({
    id: 'predict-hairpin-off',
    domain: 'cka-troubleshooting',
    topic: 'egress',
    prompt:
      "web-0 (node1) calls its own Service's ClusterIP, and hairpin mode is off on web-0's bridge port. Say the DNAT picks web-0 itself. What happens to the request?",
    explanation:
      "After DNAT the frame must leave cni0 through the very port it came in on. A Linux bridge refuses that unless hairpin mode is on for the port (flannel's bridge config sets hairpinMode: true for this reason). The request is dropped on node1. (The seeded pick lands on web-0 here.)",
    link: lab('services-dns', http('web-0', '10.96.100.10:80'), [{ type: 'hairpin', node: 'node1', pod: 'web-0', on: false }]),
    scenario: sample('services-dns'),
    faults: [{ type: 'hairpin', node: 'node1', pod: 'web-0', on: false }],
    probe: http('web-0', '10.96.100.10:80'),
    atChoices: [pod('web-0', 'prod'), N1, N2, 'router'],
    reasonChoices: ['NO_SOCKET', 'FILTERED', 'CONNECTION_REFUSED', 'BLACKHOLE_ROUTE'],
  }),
  predict({
    id: 'predict-calico-policy-other',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt:
      'Calico, policies: default-deny ingress for app=web plus an allow from app=client on TCP 8080. Pod `other` (app=other) connects to web-1:8080. What happens?',
    explanation:
      'web-1 is isolated for ingress, and the only allow names app=client. Felix\'s per-pod chain on node2 ends in "drop if no policies passed packet", so the SYN is dropped silently — a timeout with no error in any log.',
    link: lab('calico-policy', tcp('other', 'web-1:8080')),
    scenario: sample('calico-policy'),
    probe: tcp('other', 'web-1:8080'),
    atChoices: [pod('other'), N1, N2, pod('web-1')],
    reasonChoices: ['FILTERED', 'POLICY_DENIED', 'CONNECTION_REFUSED', 'ADMIN_PROHIBITED'],
  }),
  predict({
    id: 'predict-calico-policy-ping',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'Same Calico policies. The allowed client now pings web-1. What happens?',
    explanation:
      'The allow rule matches the peer AND the port list: TCP 8080 only. ICMP from the same client matches no rule, so the isolated pod drops it. A policy rule never allows "everything from that pod" unless it leaves out ports.',
    link: lab('calico-policy', icmp('client', 'web-1')),
    scenario: sample('calico-policy'),
    probe: icmp('client', 'web-1'),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['FILTERED', 'DELIVERED', 'POLICY_DENIED', 'TIMEOUT'],
  }),
  predict({
    id: 'predict-calico-egress-open',
    domain: 'cks-cluster-setup',
    topic: 'policy',
    prompt: 'Same Calico policies (Ingress only). web-1 pings client. What happens?',
    explanation:
      'Isolation is per direction. The policies select web-1 for Ingress only, so its egress stays open, and client is not selected by any policy. A default-deny that should also cover egress needs Egress in policyTypes.',
    link: lab('calico-policy', icmp('web-1', 'client')),
    scenario: sample('calico-policy'),
    probe: icmp('web-1', 'client'),
    atChoices: [pod('web-1'), N1, N2, pod('client')],
    reasonChoices: ['DELIVERED', 'FILTERED', 'POLICY_DENIED', 'TIMEOUT'],
  }),
  predict({
    id: 'predict-cilium-intruder',
    domain: 'cks-microservices',
    topic: 'policy',
    prompt: 'Cilium enforces a policy that lets only app=client into web-1 on 8080. Pod `intruder` connects to web-1:8080. What happens?',
    explanation:
      "Cilium looks up the sender's security identity in web-1's policy map at node2's tc hook; no entry admits the intruder's identity, so the SYN is dropped with Hubble reason 133 \"Policy denied\". `hubble observe --verdict DROPPED` shows it.",
    link: lab('cilium-policy', tcp('intruder', 'web-1:8080')),
    scenario: sample('cilium-policy'),
    probe: tcp('intruder', 'web-1:8080'),
    atChoices: [pod('intruder'), N1, N2, pod('web-1')],
    reasonChoices: ['POLICY_DENIED', 'POLICY_DENY_RULE', 'FILTERED', 'CONNECTION_REFUSED'],
  }),
  predict({
    id: 'predict-cilium-l7',
    domain: 'cks-microservices',
    topic: 'ebpf',
    prompt: 'A CiliumNetworkPolicy on api-1 allows client only `GET /healthz`. client requests GET / on api-1:8080. What does it get?',
    explanation:
      "The L3/L4 part admits client, so the connection opens; the HTTP rule sends the flow through Cilium's Envoy proxy, which answers a request no rule allows with 403 Access denied — the server never sees it. L7 policy rejects visibly, unlike an L3/L4 drop.",
    link: lab('cilium-policy', http('client', 'api-1:8080')),
    scenario: sample('cilium-policy'),
    probe: http('client', 'api-1:8080'),
    atChoices: [pod('client'), N1, N2, pod('api-1')],
    reasonChoices: ['L7_POLICY_DENIED', 'POLICY_DENIED', 'CONNECTION_REFUSED', 'DELIVERED'],
  }),
  predict({
    id: 'predict-kpr-no-backend',
    domain: 'cka-networking',
    topic: 'ebpf',
    prompt: 'Cilium with kube-proxy replacement. client connects to a ClusterIP Service with no endpoints (10.96.100.20:80). What happens?',
    explanation:
      "With socket load balancing the Service is resolved at connect() time in the client's own node. No backend means connect() fails at once with EHOSTUNREACH (serviceNoBackendResponse: reject) — not one packet is sent, and there are no KUBE-* chains to inspect.",
    link: lab('cilium-kpr', http('client', '10.96.100.20:80')),
    scenario: sample('cilium-kpr'),
    probe: http('client', '10.96.100.20:80'),
    atChoices: [pod('client'), N1, N2, 'router'],
    reasonChoices: ['SERVICE_NO_BACKEND', 'SERVICE_BACKEND_NOT_FOUND', 'PORT_UNREACHABLE', 'CONNECTION_REFUSED'],
  }),
  predict({
    id: 'predict-nodeport-from-outside',
    domain: 'cks-cluster-hardening',
    topic: 'services',
    prompt: 'A NodePort Service (30080) fronts the web pods. A laptop outside the cluster fetches http://node2:30080/. What happens?',
    explanation:
      "kube-proxy opens the NodePort on every node's addresses and DNATs it to any endpoint (externalTrafficPolicy: Cluster, SNAT to the node). Anything that can reach a node IP reaches the Service — which is why NodePorts must be fenced by the node firewall or security groups.",
    link: lab('services-dns', http('laptop', 'node2:30080')),
    scenario: sample('services-dns'),
    probe: http('laptop', 'node2:30080'),
    atChoices: ['ext:laptop', N1, N2, 'router'],
    reasonChoices: ['DELIVERED', 'FILTERED', 'PORT_UNREACHABLE', 'CONNECTION_REFUSED'],
  }),
  predict({
    id: 'predict-closed-port',
    domain: 'cka-troubleshooting',
    topic: 'troubleshooting',
    prompt: 'web-1 listens on 8080 only. client opens TCP to web-1:9090. What happens?',
    explanation:
      'The network delivers the SYN; the kernel in web-1 finds no listener and answers RST, so the client sees "connection refused" at once. A fast refusal points at the listener (or a REJECT rule), a timeout at the path.',
    link: lab('flannel-vxlan', tcp('client', 'web-1:9090')),
    scenario: sample('flannel-vxlan'),
    probe: tcp('client', 'web-1:9090'),
    atChoices: [pod('client'), N1, N2, pod('web-1')],
    reasonChoices: ['CONNECTION_REFUSED', 'PORT_UNREACHABLE', 'TIMEOUT', 'FILTERED'],
  }),
];
