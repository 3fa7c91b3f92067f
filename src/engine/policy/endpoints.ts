/**
 * Who is at each end of a connection: a cluster pod, a node (its own address, or a hostNetwork
 * pod, which shares it), or something outside the cluster.
 *
 * hostNetwork pods count as node traffic: REFERENCE §5 ("behaviour is undefined; most CNIs treat
 * them as node traffic"), so policies never select them and pod selectors never match them.
 */
import type { Ipv4 } from '../wire/ipv4';
import { NAMESPACE_NAME_LABEL } from './selector';
import type { ConnectionEnd, Connection, Labels, NamedPort, PolicyNode, PolicyPod, PolicyWorld } from './types';

export type Resolved =
  | { readonly kind: 'pod'; readonly pod: PolicyPod; readonly ip: Ipv4 | null; readonly namespaceLabels: Labels }
  | { readonly kind: 'node'; readonly node: string; readonly ip: Ipv4 | null; readonly viaPod?: PolicyPod }
  | { readonly kind: 'external'; readonly ip: Ipv4 | null };

export function podKey(p: { readonly namespace: string; readonly name: string }): string {
  return `${p.namespace}/${p.name}`;
}

export function namespaceLabels(world: PolicyWorld, namespace: string): Labels {
  const ns = world.namespaces.find((n) => n.name === namespace);
  return { ...(ns?.labels ?? {}), [NAMESPACE_NAME_LABEL]: namespace };
}

function nodeIp(world: PolicyWorld, node: string): Ipv4 | null {
  return world.nodes?.find((n) => n.name === node)?.ip ?? null;
}

function fromPod(world: PolicyWorld, pod: PolicyPod): Resolved {
  if (pod.hostNetwork) return { kind: 'node', node: pod.node, ip: pod.ip ?? nodeIp(world, pod.node), viaPod: pod };
  return { kind: 'pod', pod, ip: pod.ip, namespaceLabels: namespaceLabels(world, pod.namespace) };
}

/** Throws for a pod reference that is not in the world: that is a caller bug, not user input. */
export function resolveEnd(world: PolicyWorld, end: ConnectionEnd): Resolved {
  if (end.pod) {
    const pod = world.pods.find((p) => p.namespace === end.pod!.namespace && p.name === end.pod!.name);
    if (!pod) throw new Error(`policy: no pod ${podKey(end.pod)} in the evaluation context`);
    return fromPod(world, pod);
  }
  const ip = end.ip ?? null;
  if (ip === null) throw new Error('policy: a connection end needs a pod or an ip');
  const pod = world.pods.find((p) => !p.hostNetwork && p.ip === ip);
  if (pod) return fromPod(world, pod);
  const node: PolicyNode | undefined = world.nodes?.find((n) => n.ip === ip);
  if (node) return { kind: 'node', node: node.name, ip };
  const host = world.pods.find((p) => p.hostNetwork && p.ip === ip);
  if (host) return fromPod(world, host);
  return { kind: 'external', ip };
}

export function describeEnd(r: Resolved): string {
  if (r.kind === 'pod') return podKey(r.pod);
  if (r.kind === 'node') return r.viaPod ? `${podKey(r.viaPod)} (host network of ${r.node})` : `node ${r.node}${r.ip ? ` (${r.ip})` : ''}`;
  return r.ip ?? 'an unknown address';
}

export function sameEnd(a: Resolved, b: Resolved): boolean {
  return a.kind === 'pod' && b.kind === 'pod' && a.pod.namespace === b.pod.namespace && a.pod.name === b.pod.name;
}

/** The destination's container ports: the connection's own list, else the destination pod's. */
export function destinationPorts(conn: Connection, dst: Resolved): readonly NamedPort[] {
  if (conn.dstNamedPorts) return conn.dstNamedPorts;
  return dst.kind === 'pod' ? (dst.pod.ports ?? []) : [];
}

export function connectionText(conn: Connection, src: Resolved, dst: Resolved): string {
  const port = conn.protocol === 'ICMP' || conn.port === undefined ? conn.protocol : `${conn.protocol}/${conn.port}`;
  return `${describeEnd(src)} → ${describeEnd(dst)} ${port}`;
}
