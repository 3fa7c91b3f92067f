/**
 * The Services row above the nodes: each Service (cluster.api.services) as a virtual-address
 * card — name, ClusterIP, ports — with a link to each endpoint its EndpointSlices list,
 * dashed when the endpoint is not ready. A Service is no place: kube-proxy on every node
 * translates its address, so the links are for reading and the packet marker never travels
 * them (packet-path.ts). Cards sit above the middle of their endpoints, pushed apart so none
 * overlap, in one row.
 */
import type { Cluster, EndpointInfo, EndpointSliceInfo, PodInfo, ServiceInfo } from '../../engine';
import { nodeId } from './layout-types';
import type { Sink } from './layout-sink';
import { G } from './geometry';

function portText(svc: ServiceInfo): string[] {
  return svc.ports.map((p) => {
    const target = p.targetPort !== p.port ? `→${p.targetPort}` : '';
    return `${p.port}${target}/${p.protocol}${p.nodePort ? ` :${p.nodePort}` : ''}`;
  });
}

const slicesOf = (c: Cluster, svc: ServiceInfo): EndpointSliceInfo[] =>
  c.api.endpointSlices.filter((e) => e.namespace === svc.namespace && e.service === svc.name);

interface PodIndex {
  readonly byName: ReadonlyMap<string, PodInfo>;
  readonly hostByIp: ReadonlyMap<string, PodInfo>;
}

/** Pods by `namespace/name` and hostNetwork pods by address, the first of each as `find` took them (2,000 endpoints × 2,000 pods were 4 million comparisons). */
function podIndex(c: Cluster): PodIndex {
  const byName = new Map<string, PodInfo>();
  const hostByIp = new Map<string, PodInfo>();
  for (const p of c.pods) {
    const key = `${p.namespace}/${p.name}`;
    if (!byName.has(key)) byName.set(key, p);
    if (p.hostNetwork && p.ip && !hostByIp.has(p.ip)) hostByIp.set(p.ip, p);
  }
  return { byName, hostByIp };
}

/** Where an endpoint is drawn: its pod's card (or hostNetwork label), else whatever holds the address. */
function endpointTarget(pods: PodIndex, ep: EndpointInfo, ip: string, s: Sink): string | undefined {
  const ref = ep.targetRef;
  const pod = ref ? pods.byName.get(`${ref.namespace}/${ref.name}`) : undefined;
  if (pod?.hostNetwork) return nodeId.hostPod(pod.namespace, pod.name);
  if (pod) return nodeId.ns(pod.netns);
  // no targetRef (the `kubernetes` Service's endpoint is the API server's node address)
  const host = pods.hostByIp.get(ip);
  return host ? nodeId.hostPod(host.namespace, host.name) : s.owners[ip];
}

/** The addresses a Service answers on, as `ip:port` and bare `ip`: ClusterIP, NodePorts on every node, external and LB IPs. */
function addressesOf(c: Cluster, svc: ServiceInfo): string[] {
  const out: string[] = [];
  const vips = [...(svc.clusterIP && svc.clusterIP !== 'None' ? [svc.clusterIP] : []), ...svc.externalIPs, ...(svc.loadBalancerIP ? [svc.loadBalancerIP] : [])];
  for (const ip of vips) out.push(ip, ...svc.ports.map((p) => `${ip}:${p.port}`));
  for (const p of svc.ports) if (p.nodePort) for (const n of c.nodes) out.push(`${n.ip}:${p.nodePort}`);
  return out;
}

/** Places the Services row with its bottom `gap` above y = 0, centred over endpoints spanning x ∈ [0, width]. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `folded`: some nodes are folded away (layout-collapse.ts): an endpoint whose pod is not drawn
 * gets no link (the card still counts it).
 */
export function placeServices(c: Cluster, width: number, s: Sink, folded = false): void {
  const y = -(G.svcH + G.svcGap);
  const pods = podIndex(c);
  const plans = c.api.services
    .filter((svc) => svc.type !== 'ExternalName')
    .map((svc) => {
      const eps = slicesOf(c, svc)
        .flatMap((sl) => sl.endpoints.flatMap((ep) => ep.addresses.map((ip) => ({ ep, ip, target: endpointTarget(pods, ep, ip, s) }))))
        .map((e) => (folded && e.target && !s.centers[e.target] ? { ...e, target: undefined } : e));
      const xs = eps.map((e) => (e.target ? s.centers[e.target]?.x : undefined)).filter((x): x is number => x !== undefined);
      const want = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : width / 2;
      return { svc, eps, want };
    })
    // tie-break in code-unit order, not localeCompare (it starts ICU on the startup path): for
    // DNS-1123 names (the schema's [a-z0-9.-]) and the '/' both orders are the same
    .sort((a, b) => a.want - b.want || byCodeUnit(`${a.svc.namespace}/${a.svc.name}`, `${b.svc.namespace}/${b.svc.name}`));
  // left edges: each as close to its wish as its left neighbour allows, then pulled back from the right end
  const step = G.svcW + 24;
  const xs: number[] = [];
  plans.forEach((p, i) => xs.push(Math.max(p.want - G.svcW / 2, i ? xs[i - 1] + step : -Infinity)));
  for (let i = xs.length - 1; i >= 0; i--) xs[i] = Math.min(xs[i], i === xs.length - 1 ? Math.max(width, G.svcW) - G.svcW : xs[i + 1] - step);
  plans.forEach(({ svc, eps }, i) => {
    const id = nodeId.svc(svc.namespace, svc.name);
    const ready = eps.filter((e) => e.ep.conditions.ready).length;
    s.place(
      {
        id,
        type: 'service',
        position: { x: xs[i], y },
        width: G.svcW,
        height: G.svcH,
        data: {
          name: svc.name,
          namespace: svc.namespace,
          type: svc.type,
          clusterIP: svc.clusterIP,
          ports: portText(svc),
          system: svc.namespace === 'kube-system' || (svc.namespace === 'default' && svc.name === 'kubernetes'),
          ready,
          total: eps.length,
        },
        ariaLabel: `Service ${svc.namespace}/${svc.name} ${svc.clusterIP ?? ''}, ${ready} of ${eps.length} endpoints ready`,
      },
      { x: xs[i], y },
      G.svcW,
      G.svcH,
    );
    for (const a of addressesOf(c, svc)) s.serviceAddrs[a] ??= id;
    const edges: Record<string, string> = {};
    for (const e of eps) {
      if (!e.target || edges[e.ip]) continue;
      const target = e.target.startsWith('ns:pod:') || e.target.startsWith('hostpod:') ? 'ep' : 't';
      edges[e.ip] = s.edge(id, e.target, 'endpoint', target, undefined, e.ep.conditions.ready ? undefined : { notReady: true }, 'svc');
    }
    s.endpointEdges[id] = edges;
  });
}
