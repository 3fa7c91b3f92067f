/**
 * Pod DNS: the search list and ndots:5, what one lookup really costs, glibc versus musl, and
 * CoreDNS scaled to zero. Facts: REFERENCE.md §4.2 (kubelet ClusterFirst resolv.conf), §4.3
 * (glibc __res_context_search and musl name_from_dns_search orders; A+AAAA in parallel), §4.4
 * (CoreDNS answers); seeds 001 §12, 002 "Intra-cluster DNS", 003 "DNS Troubleshooting".
 */
import { seedRef } from '../seeds';
import type { Lesson } from '../types';
import { paras } from './text';

const scenario = {
  apiVersion: 'podpath/v1',
  kind: 'Scenario',
  metadata: { name: 'lesson-dns', description: 'A web Service in prod, clients with glibc and musl resolvers, and one outside name.' },
  cluster: {
    cni: 'flannel',
    mode: 'vxlan',
    nodes: [
      { name: 'node1', ip: '192.168.1.10' },
      { name: 'node2', ip: '192.168.1.11' },
    ],
    namespaces: [{ name: 'prod', labels: { env: 'prod' } }],
    pods: [
      { name: 'client', node: 'node1', labels: { app: 'client' } },
      { name: 'alpine', node: 'node1', labels: { app: 'alpine' }, libc: 'musl' },
      { name: 'tuned', node: 'node1', labels: { app: 'tuned' }, dnsConfig: { options: [{ name: 'ndots', value: '1' }] } },
      { name: 'alpine-tuned', node: 'node1', labels: { app: 'alpine' }, libc: 'musl', dnsConfig: { options: [{ name: 'ndots', value: '1' }] } },
      { name: 'web-1', namespace: 'prod', node: 'node2', labels: { app: 'web' }, ports: [8080] },
    ],
    services: [
      {
        name: 'web',
        namespace: 'prod',
        selector: { app: 'web' },
        clusterIP: '10.96.100.10',
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    ],
    externalHosts: [{ name: 'api.github.com', ip: '203.0.113.10' }],
  },
};

export const dns: Lesson = {
  id: 'dns',
  title: 'DNS: search lists, ndots:5 and the cost of a lookup',
  summary:
    'How a pod turns a short name into a ClusterIP, why an outside name costs many queries, where glibc and musl part ways, and what happens without CoreDNS.',
  topic: 'dns',
  domains: ['cka-networking', 'cka-troubleshooting'],
  minutes: 18,
  scenario: { inline: scenario },
  steps: [
    {
      id: 'resolv',
      kind: 'investigate',
      title: 'What the kubelet wrote',
      body: paras(
        "With the default `dnsPolicy: ClusterFirst`, the kubelet gives each pod a resolv.conf that points at the kube-dns Service (10.96.0.10, CoreDNS behind it), a search list built from the pod's namespace — `default.svc.cluster.local svc.cluster.local cluster.local` — and `options ndots:5`.",
        'Read it in the client pod.',
      ),
      hint: 'In the client pod: `cat /etc/resolv.conf`.',
      goal: { kind: 'ran', pattern: '^cat /etc/resolv\\.conf', where: 'client', text: 'cat /etc/resolv.conf in the client' },
      solution: [{ do: 'command', where: 'client', line: 'cat /etc/resolv.conf' }],
      seeds: [
        seedRef('001', 'Resolv.conf in Pods'),
        seedRef('001', 'Pod DNS Configuration'),
        seedRef('002', 'Intra-cluster DNS: CoreDNS on the flat network'),
        seedRef('001', 'CoreDNS'),
      ],
    },
    {
      id: 'short-name',
      kind: 'send',
      title: 'A short name walks the search list',
      body: paras(
        '`web.prod` has one dot — fewer than 5 — so the resolver tries the search domains first: `web.prod.default.svc.cluster.local` (NXDOMAIN), then `web.prod.svc.cluster.local`, which CoreDNS answers with the ClusterIP. Each candidate is asked twice, A and AAAA in parallel.',
        'Look it up from the client and read the list of queries in the trace.',
      ),
      hint: 'Send a dns probe from client to `web.prod`.',
      goal: { kind: 'sent', probe: { from: 'client', to: 'web.prod', protocol: 'dns' }, fate: { verdict: 'delivered' }, text: 'Resolve web.prod' },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'web.prod', protocol: 'dns' } }],
      seeds: [seedRef('001', 'DNS Records'), seedRef('003', 'ClusterIP DNS Resolution')],
    },
    {
      id: 'outside-name',
      kind: 'predict',
      title: 'An outside name',
      body: '`api.github.com` has two dots. The client looks it up. Does it resolve — and before you look: how many queries will the trace list?',
      probe: { from: 'client', to: 'api.github.com', protocol: 'dns' },
      atChoices: ['pod:default/client', 'node1', 'router'],
      reasonChoices: ['NXDOMAIN', 'NODATA', 'DNS_TIMEOUT', 'DNS_SERVFAIL'],
      solution: [{ do: 'predict', prediction: { verdict: 'delivered' } }],
      seeds: [seedRef('003', 'DNS Troubleshooting')],
    },
    {
      id: 'cost',
      kind: 'send',
      title: 'What one lookup costs',
      body: paras(
        "It resolved — after eight queries: three search candidates (`api.github.com.default.svc.cluster.local`, `…svc.cluster.local`, `…cluster.local`), each A and AAAA, all NXDOMAIN, and only then the name as typed. Every one crosses the network to CoreDNS, and the outside one goes on to the upstream resolver through the node's NAT. Busy, retry-heavy clients multiply that.",
        'A trailing dot makes the name absolute: no search list at all. Look up `api.github.com.` and count again — two queries.',
        "Other cures: lower `ndots` in the pod's `dnsConfig`, or list fewer search domains.",
      ),
      hint: 'Send a dns probe from client to `api.github.com.` (with the trailing dot).',
      goal: {
        kind: 'sent',
        probe: { from: 'client', to: 'api.github.com.', protocol: 'dns' },
        fate: { verdict: 'delivered' },
        text: 'Resolve the absolute name',
      },
      solution: [{ do: 'probe', probe: { from: 'client', to: 'api.github.com.', protocol: 'dns' } }],
      seeds: [seedRef('001', 'Common Issues'), seedRef('000', 'DNS and NAT Boundaries')],
    },
    {
      id: 'libc',
      kind: 'explain',
      title: 'glibc and musl read the same file differently',
      body: paras(
        'glibc: a name with at least `ndots` dots is tried as typed first, and if that fails the search list still follows; NXDOMAIN and NODATA both move on to the next candidate.',
        'musl (Alpine images): a name with at least `ndots` dots is tried as typed only — the search list is not used at all. And a NODATA answer stops the search instead of moving on.',
        'The pods `tuned` (glibc) and `alpine-tuned` (musl) both set `ndots: 1` in their `dnsConfig`, a common tuning to cut the query count.',
      ),
      simplification: "glibc's nsswitch and nscd caching are not modelled: every lookup goes to the DNS server.",
      seeds: [seedRef('003', 'DNS Troubleshooting'), seedRef('001', 'DNS Debugging')],
    },
    {
      id: 'musl',
      kind: 'predict',
      title: 'ndots:1 on Alpine',
      body: 'With `ndots: 1`, `web.prod` (one dot) counts as fully qualified. The glibc pod `tuned` still resolves it through the search list after the as-typed query fails. What does the musl pod `alpine-tuned` get?',
      probe: { from: 'alpine-tuned', to: 'web.prod', protocol: 'dns' },
      atChoices: ['pod:default/alpine-tuned', 'node1', 'router'],
      reasonChoices: ['NXDOMAIN', 'NODATA', 'DNS_TIMEOUT', 'DNS_SERVFAIL'],
      solution: [{ do: 'predict', prediction: { verdict: 'rejected', at: 'pod:default/alpine-tuned', reason: 'NXDOMAIN' } }],
      seeds: [seedRef('003', 'DNS Troubleshooting')],
    },
    {
      id: 'no-coredns',
      kind: 'fix',
      title: 'No CoreDNS, no names',
      body: paras(
        'Someone scaled the coredns Deployment to zero. The kube-dns Service has no endpoints, so kube-proxy rejects every query to 10.96.0.10 and names stop resolving — yet the ClusterIP 10.96.100.10 still works. Test by IP before you blame the application.',
        'Confirm the empty EndpointSlice in kube-system, then scale CoreDNS back to two replicas.',
      ),
      faults: [{ type: 'coredns-scale', replicas: 0 }],
      hint: '`kubectl -n kube-system get endpointslices`, then `kubectl -n kube-system scale deployment coredns --replicas=2`.',
      goal: {
        kind: 'reach',
        probe: { from: 'client', to: 'web.prod.svc.cluster.local', protocol: 'dns' },
        fate: { verdict: 'delivered' },
        text: 'The client resolves web.prod.svc.cluster.local',
      },
      solution: [
        { do: 'probe', probe: { from: 'client', to: 'web.prod.svc.cluster.local', protocol: 'dns' } },
        { do: 'probe', probe: { from: 'client', to: '10.96.100.10:80', protocol: 'http' } },
        { do: 'command', where: 'node1', line: 'kubectl -n kube-system get endpointslices' },
        { do: 'command', where: 'node1', line: 'kubectl -n kube-system scale deployment coredns --replicas=2' },
      ],
      seeds: [seedRef('001', 'Example 5: Debug DNS Issues'), seedRef('002', 'Common mistakes & troubleshooting'), seedRef('001', 'Debug Checklist')],
    },
  ],
};
