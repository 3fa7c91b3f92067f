/**
 * A Kubernetes NetworkPolicy as Calico sees it: kube-controllers' converter
 * (projectcalico/calico libcalico-go lib/backend/k8s/conversion/conversion.go
 * K8sNetworkPolicyToCalico, k8sRuleToCalico, k8sSelectorToCalico, k8sPeerToCalicoFields):
 *   - name `knp.default.<name>`, order 1000, default tier, types copied (none: Ingress);
 *   - a pod selector becomes `projectcalico.org/orchestrator == 'k8s' && <terms>`;
 *     an absent namespaceSelector stays empty (the policy's namespace), `{}` becomes all();
 *   - an ipBlock becomes nets [cidr] + notNets except;
 *   - per K8s rule: one Allow rule per protocol (sorted, ports of that protocol merged, no
 *     protocol when the rule has no ports) × peer (in order).
 */
import type { CalicoSelector } from './calico-selector';
import type { CalicoEntityRule, CalicoPolicy, CalicoPort, CalicoRule } from './crd-types';
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyRecord, NetworkPolicyRule } from './types';

export const K8S_POLICY_PREFIX = 'knp.default.';
export const K8S_POLICY_ORDER = 1000;

const ORCHESTRATOR: CalicoSelector = { op: 'eq', label: 'projectcalico.org/orchestrator', value: 'k8s' };

function podSelector(sel: LabelSelector | null): CalicoSelector {
  if (!sel) return ORCHESTRATOR;
  const terms = fromLabelSelector(sel);
  if (terms.op === 'all') return ORCHESTRATOR;
  return { op: 'and', exprs: [ORCHESTRATOR, ...(terms.op === 'and' ? terms.exprs : [terms])] };
}

function namespaceSelector(sel: LabelSelector | null): CalicoSelector | null {
  return sel === null ? null : fromLabelSelector(sel);
}

const EMPTY_ENTITY: CalicoEntityRule = { selector: null, notSelector: null, namespaceSelector: null, nets: [], notNets: [], ports: [], notPorts: [] };

function peerFields(peer: NetworkPolicyPeer | null): Partial<CalicoEntityRule> {
  if (!peer) return {};
  if (peer.kind === 'ipBlock') return { nets: [peer.cidr], notNets: [...peer.except] };
  return { selector: podSelector(peer.podSelector), namespaceSelector: namespaceSelector(peer.namespaceSelector) };
}

function convertRule(rule: NetworkPolicyRule, index: number, ingress: boolean): CalicoRule[] {
  // protocol → ports; null: every port of the protocol; key '' (no ports at all): every protocol
  const byProtocol = new Map<string, CalicoPort[] | null>();
  if (rule.ports.length === 0) byProtocol.set('', null);
  for (const p of rule.ports) {
    const port: CalicoPort | null =
      p.port === null ? null : typeof p.port === 'string' ? { kind: 'named', name: p.port } : { kind: 'range', from: p.port, to: p.endPort ?? p.port };
    const have = byProtocol.get(p.protocol);
    if (port === null) byProtocol.set(p.protocol, null);
    else if (have === undefined) byProtocol.set(p.protocol, [port]);
    else if (have !== null) have.push(port);
  }
  const peers: readonly (NetworkPolicyPeer | null)[] = rule.peers.length > 0 ? rule.peers : [null];
  const out: CalicoRule[] = [];
  for (const protocol of [...byProtocol.keys()].sort()) {
    const ports = byProtocol.get(protocol) ?? [];
    peers.forEach((peer, pi) => {
      const peerSide = { ...EMPTY_ENTITY, ...peerFields(peer) };
      out.push({
        action: 'Allow',
        protocol: protocol === '' ? null : (protocol as CalicoRule['protocol']),
        notProtocol: null,
        source: ingress ? peerSide : EMPTY_ENTITY,
        destination: ingress ? { ...EMPTY_ENTITY, ports } : { ...peerSide, ports },
        origin: { rule: index, peer: peer === null ? null : pi, port: null },
      });
    });
  }
  return out;
}

export function kubernetesToCalico(np: NetworkPolicyRecord): CalicoPolicy {
  return {
    kind: 'KubernetesNetworkPolicy',
    name: `${K8S_POLICY_PREFIX}${np.name}`,
    namespace: np.namespace,
    order: K8S_POLICY_ORDER,
    selector: podSelector(isEmpty(np.podSelector) ? null : np.podSelector),
    namespaceSelector: null,
    types: np.policyTypes.length > 0 ? np.policyTypes : ['Ingress'],
    ingress: np.ingress.flatMap((r, i) => convertRule(r, i, true)),
    egress: np.egress.flatMap((r, i) => convertRule(r, i, false)),
  };
}

function isEmpty(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0;
}

/** Kubernetes label selector → Calico expression, as Calico's k8s converter does (k8sSelectorToCalico). */
export function fromLabelSelector(sel: {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly { readonly key: string; readonly operator: string; readonly values: readonly string[] }[];
}): CalicoSelector {
  const exprs: CalicoSelector[] = Object.keys(sel.matchLabels)
    .sort()
    .map((k) => ({ op: 'eq' as const, label: k, value: sel.matchLabels[k] }));
  for (const r of sel.matchExpressions) {
    if (r.operator === 'In') exprs.push({ op: 'in', label: r.key, values: r.values });
    else if (r.operator === 'NotIn') exprs.push({ op: 'notin', label: r.key, values: r.values });
    else if (r.operator === 'Exists') exprs.push({ op: 'has', label: r.key });
    else exprs.push({ op: 'not', expr: { op: 'has', label: r.key } });
  }
  return exprs.length === 0 ? { op: 'all' } : exprs.length === 1 ? exprs[0] : { op: 'and', exprs };
}
