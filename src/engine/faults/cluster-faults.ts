/**
 * Faults at the Kubernetes level: edits to the API objects (CoreDNS scaled or not ready, a
 * Service whose selector matches nothing), to an agent (kube-proxy stopped), to a node's
 * sysctls or a bridge port, and a stale conntrack entry. After an API edit the controllers
 * and agents that are running react, as in a cluster: the EndpointSlice controller rewrites
 * the slices and every running kube-proxy re-syncs; a stopped one keeps its old rules.
 */
import type { Cluster, Netns, PodInfo } from '../model/datapath';
import type { ConntrackEntry, KernelState } from '../model/kernel-state';
import type { FaultSpec } from '../model/scenario-schema';
import { resyncEndpointSlices, selectorMatches } from '../services/api';
import { syncNode, syncServices } from '../services';
import { removePod } from '../cni/pods';
import { programFor } from '../cni/registry';
import { cidrSize, intToIp, ipToInt } from '../wire/ipv4';

export interface ClusterEdit {
  readonly cluster: Cluster;
  readonly command: string;
  readonly error?: string;
  /** an edit to what the kernels remember (a conntrack entry), applied to the lab's starting state */
  readonly kernel?: (k: KernelState) => KernelState;
}

type K8sFault = Extract<
  FaultSpec,
  {
    type: 'coredns-scale' | 'coredns-not-ready' | 'endpointslice-empty' | 'upstream-dns-down' | 'kube-proxy-stopped' | 'stale-conntrack' | 'sysctl' | 'hairpin';
  }
>;

export function isClusterFault(f: FaultSpec): f is K8sFault {
  return [
    'coredns-scale',
    'coredns-not-ready',
    'endpointslice-empty',
    'upstream-dns-down',
    'kube-proxy-stopped',
    'stale-conntrack',
    'sysctl',
    'hairpin',
  ].includes(f.type);
}

const isCoredns = (p: PodInfo) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns';

/** The CNI's control plane, the EndpointSlice controller and the running kube-proxies react to changed pods or Services. */
function reconcile(c: Cluster): Cluster {
  const converged = programFor(c.cni)?.converge?.(c) ?? c;
  return syncServices({ ...converged, api: resyncEndpointSlices(converged.api, converged.pods, converged.nodes) });
}

function findPod(c: Cluster, ref: string): PodInfo | undefined {
  return c.pods.find((p) => `${p.namespace}/${p.name}` === ref || (!ref.includes('/') && p.name === ref));
}

/** A typo in a selector value (its last two letters swapped), as the classic "Service has no endpoints" mistake. */
function typo(v: string): string {
  return v.length < 2 ? `${v}x` : `${v.slice(0, -2)}${v[v.length - 1]}${v[v.length - 2]}`;
}

export function applyClusterFault(c: Cluster, f: K8sFault): ClusterEdit {
  switch (f.type) {
    case 'coredns-scale': {
      const command = `kubectl -n kube-system scale deployment coredns --replicas=${f.replicas}`;
      const dns = c.pods.filter(isCoredns);
      if (f.replicas > dns.length) return { cluster: c, command, error: `the lab can scale CoreDNS down (it has ${dns.length}), not up` };
      const gone = dns.slice(f.replicas);
      const netns = { ...c.netns } as Record<string, Netns>;
      for (const p of gone) {
        removePod(netns, p);
        programFor(c.cni)?.removePod?.(netns, p);
      }
      return { cluster: reconcile({ ...c, netns, pods: c.pods.filter((p) => !gone.includes(p)) }), command };
    }
    case 'coredns-not-ready':
      return {
        cluster: reconcile({ ...c, pods: c.pods.map((p) => (isCoredns(p) ? { ...p, ready: false } : p)) }),
        command: 'CoreDNS readiness probe fails (GET :8181/ready): the pods stay Running, 0/1 ready',
      };
    case 'endpointslice-empty': {
      const svc = c.api.services.find((s) => `${s.namespace}/${s.name}` === f.service || (!f.service.includes('/') && s.name === f.service));
      const command = `kubectl edit service ${f.service}: a typo in the selector`;
      if (!svc) return { cluster: c, command, error: `Error from server (NotFound): services "${f.service}" not found` };
      if (!svc.selector || !Object.keys(svc.selector).length)
        return { cluster: c, command, error: `service ${f.service} has no selector; its EndpointSlices are managed by hand` };
      const [k, v] = Object.entries(svc.selector)[0];
      const selector = { ...svc.selector, [k]: typo(v) };
      if (c.pods.some((p) => p.namespace === svc.namespace && selectorMatches(selector, p.labels)))
        return { cluster: c, command, error: 'the typo still matches a pod' };
      const services = c.api.services.map((s) => (s === svc ? { ...s, selector } : s));
      return {
        cluster: reconcile({ ...c, api: { ...c.api, services } }),
        command: `kubectl -n ${svc.namespace} patch service ${svc.name}: selector ${k}=${selector[k]} (was ${v})`,
      };
    }
    case 'upstream-dns-down': {
      const ip = c.dns.upstream;
      const owner = ip ? Object.values(c.netns).find((ns) => ns.sockets.some((s) => s.app === 'resolver')) : undefined;
      const command = `the nodes' resolver ${ip ?? '(none)'} stops answering`;
      if (!owner) return { cluster: c, command, error: 'this scenario has no upstream resolver (no gateway, or dns.upstream: none)' };
      const filter = owner.netfilter.filter ?? {};
      const input = filter.INPUT ?? { name: 'INPUT', policy: 'ACCEPT' as const, rules: [] };
      const drop = { match: { proto: 'udp' as const, modules: [{ m: 'udp' as const, dport: 53 }] }, target: { kind: 'DROP' as const } };
      const netfilter = { ...owner.netfilter, filter: { ...filter, INPUT: { ...input, rules: [drop, ...input.rules] } } };
      return {
        cluster: { ...c, netns: { ...c.netns, [owner.id]: { ...owner, netfilter } } },
        command: `${command} (iptables -I INPUT -p udp --dport 53 -j DROP on ${owner.name})`,
      };
    }
    case 'kube-proxy-stopped': {
      const nodes = f.node ? [f.node] : c.nodes.map((n) => n.name);
      const command = `kube-proxy stopped on ${nodes.join(', ')}${f.services.length ? `; created afterwards: ${f.services.join(', ')}` : ''}`;
      if (f.node && !c.nodes.some((n) => n.name === f.node)) return { cluster: c, command, error: `no node ${f.node}` };
      const missing = f.services.filter((s) => !c.api.services.some((x) => `${x.namespace}/${x.name}` === s));
      if (missing.length) return { cluster: c, command, error: `no Service ${missing.join(', ')} (write namespace/name)` };
      if (c.proxy.mode === 'none') return { cluster: c, command, error: 'this scenario runs no kube-proxy (kubeProxy: none)' };
      const netns = { ...c.netns };
      // its last sync saw the API as it was before the listed Services existed
      for (const n of nodes) netns[n] = syncNode(c, n, f.services);
      return { cluster: { ...c, netns, proxy: { ...c.proxy, stopped: [...new Set([...c.proxy.stopped, ...nodes])] } }, command };
    }
    case 'stale-conntrack': {
      const pod = findPod(c, f.pod);
      const command = `a stale UDP conntrack entry for ${f.pod} → kube-dns`;
      if (!pod?.ip || pod.hostNetwork) return { cluster: c, command, error: `no running pod ${f.pod} with its own network namespace` };
      const node = c.nodes.find((n) => n.name === pod.node)!;
      const used = new Set(c.pods.map((p) => p.ip));
      const base = ipToInt(node.podCidr.net);
      let dead = f.deadIp;
      for (let i = cidrSize(node.podCidr) - 2; !dead && i > 1; i--) if (!used.has(intToIp(base + i))) dead = intToIp(base + i);
      const port = 33333;
      const pods = c.pods.map((p) => (p === pod ? { ...p, resolverPort: port } : p));
      const entry = (k: KernelState): ConntrackEntry => ({
        id: k.ctId,
        proto: 'udp',
        orig: { src: pod.ip!, dst: c.dns.serviceIP, sport: port, dport: 53 },
        reply: { src: dead!, dst: pod.ip!, sport: 53, dport: port },
        seenReply: true,
        assured: true,
        srcNat: false,
        dstNat: true,
        natInit: { src: true, dst: true },
        mark: 0,
        created: -60_000,
        expires: 120_000,
        natRules: ['(left over: its CoreDNS pod was deleted, kube-proxy did not clear the UDP entry)'],
      });
      return {
        cluster: { ...c, pods },
        command: `${command}: conntrack still DNATs ${pod.ip}:${port} → ${c.dns.serviceIP}:53 to ${dead}:53, a CoreDNS pod that is gone; the app keeps its UDP socket (source port ${port})`,
        kernel: (k) => ({ ...k, ctId: k.ctId + 1, conntrack: { ...k.conntrack, [pod.node]: [...(k.conntrack[pod.node] ?? []), entry(k)] } }),
      };
    }
    case 'sysctl': {
      const ns = c.netns[f.node];
      const command = `sysctl -w ${f.key}=${f.value} (on ${f.node})`;
      if (!ns || ns.kind !== 'node') return { cluster: c, command, error: `no node ${f.node}` };
      const sysctl = f.key === 'net.ipv4.ip_forward' ? { ...ns.sysctl, ipForward: f.value === 1 } : { ...ns.sysctl, bridgeNfCallIptables: f.value === 1 };
      return { cluster: { ...c, netns: { ...c.netns, [ns.id]: { ...ns, sysctl } } }, command };
    }
    case 'hairpin': {
      const pod = findPod(c, f.pod);
      const ns = c.netns[f.node];
      const podNs = pod ? c.netns[pod.netns] : undefined;
      const peer = podNs?.interfaces.find((d) => d.peer)?.peer;
      const command = `bridge link set dev ${peer?.ifname ?? '?'} hairpin ${f.on ? 'on' : 'off'} (on ${f.node})`;
      if (!ns || !pod || !peer || peer.netns !== ns.id) return { cluster: c, command, error: `pod ${f.pod} has no bridge port on ${f.node}` };
      const interfaces = ns.interfaces.map((d) => (d.name === peer.ifname ? { ...d, hairpin: f.on } : d));
      return { cluster: { ...c, netns: { ...c.netns, [ns.id]: { ...ns, interfaces } } }, command };
    }
  }
}
