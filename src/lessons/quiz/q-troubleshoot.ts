/**
 * Multiple choice: the troubleshooting flow (seed 000's eight steps, seed 002's symptom table),
 * reading symptoms into layers. Wording ours.
 */
import type { Question } from '../types';
import { choice, dns, http, icmp, lab, tcp } from './build';

export const TROUBLESHOOT_QUESTIONS: readonly Question[] = [
  choice({
    id: 'ts-same-vs-cross',
    domain: 'cka-troubleshooting',
    topic: 'troubleshooting',
    seedQuestion: 's000-card-2',
    prompt: 'Why start by comparing same-node with cross-node pod traffic?',
    choices: [
      'Same-node traffic is encrypted',
      'It splits the problem: same-node exercises only the local pod plumbing; cross-node adds routes, tunnels, the underlay, cloud firewalls and the node agents',
      'kube-proxy only works cross-node',
      'DNS only works on the same node',
    ],
    answer: 1,
    explanation:
      'If same-node works and cross-node fails, stop looking at the application: check node routes, the overlay port, MTU, BGP sessions, security groups and the CNI agent on both nodes.',
    link: lab('flannel-vxlan', icmp('client', 'web-1'), [{ type: 'block', node: 'node2', protocol: 'udp', port: 8472, chain: 'INPUT' }]),
  }),
  choice({
    id: 'ts-flow-order',
    domain: 'cka-troubleshooting',
    topic: 'troubleshooting',
    prompt: 'Which order follows the layered troubleshooting flow for "pod A cannot reach pod B"?',
    choices: [
      'Restart CoreDNS, then reinstall the CNI',
      'Same-node vs cross-node → pod/node IPs and CIDRs → CNI agent health → pod routes and MTU → host routes and tunnels → cloud routes/firewalls → kube-proxy replacement → which path the DNS answer selects',
      'Check DNS first, always',
      'Read every log, then guess',
    ],
    answer: 1,
    explanation: 'Each step rules out one layer from the bottom up, so the first hop that fails names the broken component. Draw the path before reading logs.',
    link: lab('services-dns'),
  }),
  choice({
    id: 'ts-timeout-vs-refused',
    domain: 'cka-troubleshooting',
    topic: 'troubleshooting',
    prompt: 'One connection fails with "connection refused" at once, another hangs until timeout. What does each suggest?',
    choices: [
      'Both mean DNS is broken',
      'Refused: something answered — no listener (RST) or a REJECT rule (e.g. a Service with no endpoints). Timeout: a silent drop — policy, firewall, a missing route, MTU',
      'Refused means the network is down; timeout means the app is slow',
      'They mean the same thing',
    ],
    answer: 1,
    explanation:
      'A fast answer tells you the packet got somewhere that spoke back. Silence means it died on the way, and you look for the drop along the path (Hubble, iptables counters, tcpdump).',
    link: lab('flannel-vxlan', tcp('client', 'web-1:9090')),
  }),
  choice({
    id: 'ts-containercreating',
    domain: 'cka-troubleshooting',
    topic: 'cni',
    prompt: 'A pod is stuck in ContainerCreating and `kubectl get pod -o wide` shows IP <none>. Where is the error?',
    choices: [
      'In the application logs',
      'In `kubectl describe pod` events (the CNI ADD failure: IPAM exhausted, bad config, missing binary) and the CNI agent logs on that node',
      'In the Service',
      'In CoreDNS',
    ],
    answer: 1,
    explanation:
      'No IP means CNI ADD never succeeded, so no app container ran and there are no app logs. The sandbox error in the events usually names the plugin.',
    link: lab('vpc-eni', undefined, [{ type: 'ipam-exhaust', node: 'node2', pod: 'web-4' }]),
  }),
  choice({
    id: 'ts-intermittent-mtu',
    domain: 'cka-troubleshooting',
    topic: 'mtu',
    prompt: 'gRPC calls with small messages work, but image pulls and large responses inside the cluster stall. What do you check first?',
    choices: [
      'CoreDNS replicas',
      'The MTU on every interface along the path (pod, tunnel, NIC) and whether ICMP fragmentation-needed is filtered',
      'RBAC',
      'The Service selector',
    ],
    answer: 1,
    explanation:
      'Size-dependent failure is the MTU signature. `tracepath` from the pod, `ip link` on pod and tunnel devices, and a DF ping at the exact boundary size confirm it.',
    link: lab('mtu-black-hole', icmp('client', 'web-1', 1472, true)),
  }),
  choice({
    id: 'ts-policy-timeouts',
    domain: 'cka-troubleshooting',
    topic: 'policy',
    prompt: 'After a NetworkPolicy rollout, some calls time out and no application logs an error. What fits best?',
    choices: [
      'The pods ran out of memory',
      'A policy selects the destination (or source) and no rule admits the flow: enforcing CNIs drop silently',
      'The Service CIDR is full',
      'kube-proxy is in IPVS mode',
    ],
    answer: 1,
    explanation:
      "Policy drops produce no RST and no log in the app. `kubectl get networkpolicy -A`, then the CNI's view: Felix chains (`iptables-save | grep cali`) or `hubble observe --verdict DROPPED`.",
    link: lab('calico-policy', tcp('other', 'web-1:8080')),
  }),
  choice({
    id: 'ts-external-egress',
    domain: 'cka-troubleshooting',
    topic: 'egress',
    prompt: 'Pods cannot reach the internet, but pod-to-pod works. Which two node settings are most worth checking?',
    choices: [
      'The CoreDNS cache and the Service CIDR',
      'The masquerade rules for pod traffic leaving the cluster (nat POSTROUTING) and net.ipv4.ip_forward=1',
      'The pod MTU and the pause image',
      'kube-proxy mode and sessionAffinity',
    ],
    answer: 1,
    explanation:
      'Pod addresses are private to the cluster: egress must be SNATed to the node (or a gateway), and the node must forward. `iptables -t nat -L POSTROUTING -n -v` and `cat /proc/sys/net/ipv4/ip_forward`.',
    link: lab('flannel-vxlan', tcp('client', 'api.github.com:443')),
  }),
  choice({
    id: 'ts-dns-first-checks',
    domain: 'cka-troubleshooting',
    topic: 'dns',
    prompt: 'A pod cannot resolve `kubernetes.default`. Which first checks are right?',
    choices: [
      'Reinstall the CNI',
      "`kubectl -n kube-system get pods -l k8s-app=kube-dns`, the kube-dns Service endpoints, the pod's /etc/resolv.conf, and a lookup pointed straight at 10.96.0.10",
      'Change the pod MTU',
      'Switch kube-proxy to IPVS',
    ],
    answer: 1,
    explanation:
      'Are the CoreDNS pods there and Ready, does the Service have endpoints, is the pod pointed at it, and does a direct query work? CoreDNS logs (`kubectl logs -n kube-system -l k8s-app=kube-dns`) come next.',
    link: lab('services-dns', dns('client', 'kubernetes.default'), [{ type: 'coredns-not-ready' }]),
  }),
  choice({
    id: 'ts-security-group',
    domain: 'cka-troubleshooting',
    topic: 'cross-node',
    prompt:
      'On a cloud cluster, cross-node ICMP between pods fails but TCP on 8080 works, and nothing in iptables on the nodes drops it. Where else can a rule live?',
    choices: ['In CoreDNS', "Outside Kubernetes: the cloud security group or NACL between the nodes' interfaces", 'In the pause container', 'In the kubelet'],
    answer: 1,
    explanation:
      'Step 6 of the flow: cloud routes, security groups and firewalls. On VPC CNIs pod traffic is VPC traffic, so the instance security groups filter it — silently.',
    link: lab('vpc-eni', icmp('client', 'web-1'), [{ type: 'security-group', protocol: 'icmp' }]),
  }),
  choice({
    id: 'ts-kube-proxy-logs',
    domain: 'cka-troubleshooting',
    topic: 'services',
    prompt: 'A new Service does not work on any node, while old Services do. Pod IPs answer directly. What is the likely cause?',
    choices: [
      'CoreDNS is down',
      'kube-proxy is not running (or not syncing): existing rules stay in the kernel, new Services get none — check the kube-proxy DaemonSet and its logs',
      'The CNI is broken',
      'The Service CIDR is exhausted',
    ],
    answer: 1,
    explanation:
      'kube-proxy writes rules on change and on a periodic sync (30 s by default). Stopped, it leaves the old ones in place, which is why only newer Services fail.',
    link: lab('services-dns', http('client', '10.96.100.10:80'), [{ type: 'kube-proxy-stopped', services: ['prod/web'] }]),
  }),
];
