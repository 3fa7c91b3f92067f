/**
 * The Services and DNS faults, aimed at the lab on screen and offered only where they change
 * something here: CoreDNS faults when CoreDNS runs, a selector typo and a kube-proxy that
 * stopped before a Service existed only when the scenario has a Service of its own, hairpin
 * for a pod that is an endpoint of one, br_netfilter off on a node where a client and a
 * Service endpoint share the bridge. Each is an engine edit (faults/cluster-faults.ts).
 */
import type { Cluster, PodInfo } from '../model/datapath';
import type { ServiceInfo } from '../model/k8s';
import { option, type FaultOption } from '../cni/program';

const isCoredns = (p: PodInfo) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns';
const isSystemService = (s: ServiceInfo) => s.namespace === 'kube-system' || (s.namespace === 'default' && s.name === 'kubernetes');
const key = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`;

/** Pods that are ready endpoints of a Service, by namespace/name. */
function endpointPods(c: Cluster, svc?: ServiceInfo): Set<string> {
  const out = new Set<string>();
  for (const sl of c.api.endpointSlices) {
    if (svc && (sl.namespace !== svc.namespace || sl.service !== svc.name)) continue;
    for (const ep of sl.endpoints) if (ep.targetRef && ep.conditions.ready) out.add(`${ep.targetRef.namespace}/${ep.targetRef.name}`);
  }
  return out;
}

export function serviceFaults(c: Cluster): FaultOption[] {
  const out: FaultOption[] = [];
  const dns = c.pods.filter(isCoredns);
  const clients = c.pods.filter((p) => !p.hostNetwork && p.ip && p.namespace !== 'kube-system');
  const client = clients[0];
  const own = c.api.services.filter((s) => !isSystemService(s) && s.selector && Object.keys(s.selector).length > 0);
  const svc = own.find((s) => endpointPods(c, s).size > 0);

  if (dns.length > 0) {
    out.push(
      option(
        { type: 'coredns-scale', replicas: 0 },
        'CoreDNS scaled to 0',
        'kube-dns keeps its ClusterIP but has no endpoints: kube-proxy REJECTs every query, so a name fails while the same pod or ClusterIP by address still works.',
        'services',
      ),
    );
    out.push(
      option(
        { type: 'coredns-not-ready' },
        'CoreDNS pods not ready',
        'They stay Running but fail their readiness probe: the EndpointSlice marks them not ready and kube-proxy leaves them out — the same symptom, another cause.',
        'services',
      ),
    );
    if (client)
      out.push(
        option(
          { type: 'stale-conntrack', pod: key(client) },
          `${client.name}'s DNS flow stuck on a dead CoreDNS`,
          `A UDP conntrack entry left over from a deleted CoreDNS pod still DNATs ${client.name}'s queries there: its lookups time out while other pods resolve fine.`,
          'services',
        ),
      );
  }
  if (c.dns.upstream && Object.values(c.netns).some((ns) => ns.sockets.some((s) => s.app === 'resolver')))
    out.push(
      option(
        { type: 'upstream-dns-down' },
        "The nodes' upstream resolver stops answering",
        "CoreDNS's forward plugin gets nothing back: names outside the cluster fail with SERVFAIL, cluster names still resolve.",
        'services',
      ),
    );
  if (svc) {
    out.push(
      option(
        { type: 'endpointslice-empty', service: key(svc) },
        `${key(svc)}: a typo in the selector`,
        `The selector matches no pod, so the EndpointSlice is empty and kube-proxy REJECTs the ClusterIP: by name and by ClusterIP fail, by pod IP works.`,
        'services',
      ),
    );
    const n1 = c.nodes[0];
    if (n1 && c.proxy.mode !== 'none')
      out.push(
        option(
          { type: 'kube-proxy-stopped', node: n1.name, services: [key(svc)] },
          `kube-proxy on ${n1.name} stopped before ${key(svc)} existed`,
          `${n1.name} never wrote ${svc.name}'s rules: from ${n1.name} its ClusterIP goes nowhere, while the pod IPs — and kube-proxy on the other nodes — still work.`,
          'services',
        ),
      );
    const self = c.pods.find((p) => endpointPods(c, svc).has(key(p)) && !p.hostNetwork);
    const selfNs = self ? c.netns[self.netns] : undefined;
    const peer = selfNs?.interfaces.find((d) => d.peer)?.peer;
    const port = peer ? c.netns[peer.netns]?.interfaces.find((d) => d.name === peer.ifname) : undefined;
    if (self && port?.hairpin)
      out.push(
        option(
          { type: 'hairpin', node: self.node, pod: key(self), on: false },
          `${self.name}'s bridge port loses hairpin`,
          `${self.name} calling its own Service may be DNATed back to itself; without hairpin the bridge will not send the frame back out the port it came in on.`,
          'services',
        ),
      );
  }
  // br_netfilter matters where a client and an endpoint share a bridge: the reply is bridged, never routed
  const eps = endpointPods(c);
  const shared = c.nodes.find(
    (n) => c.pods.some((p) => p.node === n.name && eps.has(key(p)) && !p.hostNetwork) && clients.some((p) => p.node === n.name && !eps.has(key(p))),
  );
  if (shared)
    out.push(
      option(
        { type: 'sysctl', node: shared.name, key: 'net.bridge.bridge-nf-call-iptables', value: 0 },
        `${shared.name}: bridge-nf-call-iptables=0`,
        `Bridged frames skip iptables and conntrack: a reply from a Service endpoint on ${shared.name} to a client on the same bridge is not un-DNATed, and the client drops it.`,
        'services',
      ),
    );
  const n2 = c.nodes[1];
  if (n2)
    out.push(
      option(
        { type: 'sysctl', node: n2.name, key: 'net.ipv4.ip_forward', value: 0 },
        `${n2.name}: ip_forward=0`,
        `${n2.name} stops routing: traffic for its pods (and what it DNATs elsewhere) is dropped, while ${n2.name} itself still answers.`,
        'services',
      ),
    );
  return out;
}
