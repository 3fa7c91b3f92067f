/**
 * Matching one NetworkPolicy peer or port against a connection, with the reason when it does
 * not match, in words a learner can read.
 *
 * The model is cyclonus (mattfenwick/cyclonus pkg/matcher): a selector peer is
 * namespace-matcher AND pod-matcher, where an absent namespaceSelector means the policy's own
 * namespace (builder.go BuildIPBlockNamespacePodMatcher); an ipBlock peer matches the peer's IP,
 * pods included (ippeermatcher.go), `in cidr && not in any except`; a port matches protocol and
 * number, a range `From <= port <= To`, a name the destination's port name (portmatcher.go).
 */
import { cidrContains, parseCidr } from '../wire/ipv4';
import { describeEnd, type Resolved } from './endpoints';
import { labelsString, selectorMatches, selectorString } from './selector';
import type { Connection, Direction, NamedPort, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRecord, PolicyPod } from './types';

export interface Match {
  readonly ok: boolean;
  /** why it did not match (empty when it did) */
  readonly why: string;
}

const yes: Match = { ok: true, why: '' };
const no = (why: string): Match => ({ ok: false, why });

export function policyKey(p: { readonly namespace: string; readonly name: string }): string {
  return `${p.namespace}/${p.name}`;
}

/** The policy selects the pod for that direction: same namespace, podSelector matches, type listed. */
export function policySelects(p: NetworkPolicyRecord, pod: PolicyPod, direction: Direction): boolean {
  return !pod.hostNetwork && p.namespace === pod.namespace && p.policyTypes.includes(direction) && selectorMatches(p.podSelector, pod.labels);
}

export function peerText(peer: NetworkPolicyPeer): string {
  if (peer.kind === 'ipBlock') return `ipBlock ${peer.cidr}${peer.except.length ? ` except ${peer.except.join(', ')}` : ''}`;
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${selectorString(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${selectorString(peer.podSelector)}`);
  return parts.join(' + ');
}

export function matchPeer(policy: NetworkPolicyRecord, peer: NetworkPolicyPeer, other: Resolved): Match {
  const who = describeEnd(other);
  if (peer.kind === 'ipBlock') {
    if (!other.ip) return no(`${who} has no IP address`);
    if (!cidrContains(parseCidr(peer.cidr), other.ip)) return no(`${other.ip} is outside ${peer.cidr}`);
    const ex = peer.except.find((e) => cidrContains(parseCidr(e), other.ip!));
    return ex ? no(`${other.ip} is inside ${peer.cidr} but excepted by ${ex}`) : yes;
  }
  if (other.kind === 'node') return no(`${who} is node traffic, which pod and namespace selectors never match`);
  if (other.kind === 'external') return no(`${who} is outside the cluster, which pod and namespace selectors never match`);
  const ns = other.pod.namespace;
  if (peer.namespaceSelector === null) {
    if (ns !== policy.namespace)
      return no(`${who} is in namespace ${ns}; without a namespaceSelector the peer means pods of namespace ${policy.namespace} only`);
  } else if (!selectorMatches(peer.namespaceSelector, other.namespaceLabels)) {
    return no(`namespace ${ns} ${labelsString(other.namespaceLabels)} does not match namespaceSelector ${selectorString(peer.namespaceSelector)}`);
  }
  if (peer.podSelector !== null && !selectorMatches(peer.podSelector, other.pod.labels))
    return no(`${who} ${labelsString(other.pod.labels)} does not match podSelector ${selectorString(peer.podSelector)}`);
  return yes;
}

export function portText(p: NetworkPolicyPort): string {
  if (p.port === null) return `${p.protocol} (any port)`;
  return p.endPort !== null ? `${p.protocol}/${p.port}-${p.endPort}` : `${p.protocol}/${p.port}`;
}

export function connPortText(conn: Connection): string {
  return conn.protocol === 'ICMP' || conn.port === undefined ? conn.protocol : `${conn.protocol}/${conn.port}`;
}

/** A named port resolves on the destination: a container port with that name and protocol. */
export function resolveNamedPort(name: string, protocol: string, dstPorts: readonly NamedPort[]): NamedPort | undefined {
  return dstPorts.find((n) => n.name === name && n.protocol === protocol);
}

export function matchPort(p: NetworkPolicyPort, conn: Connection, dstPorts: readonly NamedPort[]): Match {
  if (conn.protocol === 'ICMP') return no(`ICMP has no ports, and ${portText(p)} admits ${p.protocol} only`);
  if (p.protocol !== conn.protocol) return no(`${portText(p)} is for ${p.protocol}, not ${conn.protocol}`);
  if (p.port === null) return yes;
  if (conn.port === undefined) return no(`the connection names no port, and ${portText(p)} needs one`);
  if (typeof p.port === 'number') {
    if (p.endPort !== null) return conn.port >= p.port && conn.port <= p.endPort ? yes : no(`port ${conn.port} is outside ${p.port}-${p.endPort}`);
    return conn.port === p.port ? yes : no(`port ${conn.port} is not ${p.port}`);
  }
  const named = resolveNamedPort(p.port, p.protocol, dstPorts);
  if (!named) return no(`the destination has no ${p.protocol} container port named ${p.port}`);
  return named.port === conn.port ? yes : no(`${p.port} is port ${named.port} on the destination, not ${conn.port}`);
}
