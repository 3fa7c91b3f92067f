/**
 * Normalised policy records and the evaluation vocabulary shared by the three evaluators
 * (Kubernetes NetworkPolicy in evaluate.ts, Calico in calico.ts, Cilium in cilium.ts).
 *
 * The schemas (schema.ts, calico-schema.ts, cilium-schema.ts) validate what a user wrote and
 * turn it into these records with every API default applied (policyTypes, protocol TCP,
 * namespace `default`), so an evaluator never looks at a raw object.
 */
import type { Ipv4 } from '../wire/ipv4';

export type L4Protocol = 'TCP' | 'UDP' | 'SCTP';
/** what a connection speaks; NetworkPolicy defines only TCP/UDP/SCTP (REFERENCE §5), ICMP is implementation-specific */
export type ConnProtocol = L4Protocol | 'ICMP';
export type Direction = 'Ingress' | 'Egress';
export type Labels = Readonly<Record<string, string>>;

/** metav1.LabelSelector with matchLabels/matchExpressions defaulted to empty */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

// ---------------------------------------------------------------------------------------------
// networking.k8s.io/v1 NetworkPolicy, defaulted (k8s.io/kubernetes pkg/apis/networking/v1/defaults.go)

/** one element of `from`/`to`: selectors (AND inside the element) or an ipBlock, never both (API validation) */
export type NetworkPolicyPeer =
  | {
      readonly kind: 'selector';
      /** null: the field was absent (all pods of the selected namespaces) */
      readonly podSelector: LabelSelector | null;
      /** null: the field was absent, so the policy's own namespace */
      readonly namespaceSelector: LabelSelector | null;
    }
  | { readonly kind: 'ipBlock'; readonly cidr: string; readonly except: readonly string[] };

export interface NetworkPolicyPort {
  /** defaulted to TCP (SetDefaults_NetworkPolicyPort) */
  readonly protocol: L4Protocol;
  /** null: every port of the protocol; a string is a container port name resolved on the destination pod */
  readonly port: number | string | null;
  /** inclusive upper end of a range (GA in v1.25); needs a numeric port */
  readonly endPort: number | null;
}

export interface NetworkPolicyRule {
  /** `from` (ingress) or `to` (egress); empty: every peer */
  readonly peers: readonly NetworkPolicyPeer[];
  /** empty: every port and protocol */
  readonly ports: readonly NetworkPolicyPort[];
}

export interface NetworkPolicyRecord {
  readonly kind: 'NetworkPolicy';
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** defaulted: Ingress always, Egress when spec.egress has rules (SetDefaults_NetworkPolicy) */
  readonly policyTypes: readonly Direction[];
  readonly ingress: readonly NetworkPolicyRule[];
  readonly egress: readonly NetworkPolicyRule[];
}

// ---------------------------------------------------------------------------------------------
// The cluster a policy is evaluated in

export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: L4Protocol;
}

export interface PolicyPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** null while Pending; a hostNetwork pod has its node's address */
  readonly ip: Ipv4 | null;
  readonly node: string;
  readonly hostNetwork: boolean;
  /** container ports; named ports resolve against these when a connection gives no dstNamedPorts */
  readonly ports?: readonly NamedPort[];
}

export interface PolicyNamespace {
  readonly name: string;
  /** `kubernetes.io/metadata.name` is added when missing (the API server sets it, immutable) */
  readonly labels: Labels;
}

export interface PolicyNode {
  readonly name: string;
  readonly ip: Ipv4;
}

/** pods, namespaces and nodes: what every evaluator needs besides its policies */
export interface PolicyWorld {
  readonly pods: readonly PolicyPod[];
  readonly namespaces: readonly PolicyNamespace[];
  /** lets a node's address be recognised (traffic from a pod's own node is always allowed) */
  readonly nodes?: readonly PolicyNode[];
}

export interface PolicyContext extends PolicyWorld {
  readonly policies: readonly NetworkPolicyRecord[];
}

export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

/** one end of a connection: a pod, or an address (resolved to a pod or node when it is one) */
export interface ConnectionEnd {
  readonly pod?: PodRef;
  readonly ip?: Ipv4;
}

export interface HttpRequest {
  readonly method: string;
  readonly path: string;
}

export interface Connection {
  readonly src: ConnectionEnd;
  readonly dst: ConnectionEnd;
  readonly protocol: ConnProtocol;
  /** destination port (TCP/UDP/SCTP) */
  readonly port?: number;
  /** source port: only Calico `source.ports` rules read it */
  readonly srcPort?: number;
  /** the destination's container ports, for named ports; default: the destination pod's `ports` */
  readonly dstNamedPorts?: readonly NamedPort[];
  /** ICMP type and code (Calico `icmp` rules); default: echo request, type 8 code 0 (what ping sends) */
  readonly icmp?: { readonly type: number; readonly code: number };
  /** Cilium L7: the HTTP request carried by the connection */
  readonly http?: HttpRequest;
}

// ---------------------------------------------------------------------------------------------
// Results

/** a rule that decided: `x/allow-b ingress[0] from[1] ports[0]` */
export interface RuleRef {
  /** `ns/name`, or the bare name of a cluster-scoped policy */
  readonly policy: string;
  readonly kind: 'NetworkPolicy' | 'CalicoNetworkPolicy' | 'GlobalNetworkPolicy' | 'CiliumNetworkPolicy';
  readonly section: 'ingress' | 'egress' | 'ingressDeny' | 'egressDeny';
  readonly rule: number;
  /** index in from/to (or the Cilium L3 list); null: the rule names no peer, so every peer */
  readonly peer: number | null;
  /** index in ports (toPorts for Cilium); null: the rule names no port, so every port */
  readonly port: number | null;
  /** Calico rule action */
  readonly action?: 'Allow' | 'Deny' | 'Log' | 'Pass';
  readonly text: string;
}

/** why one rule of an isolating policy did not admit the connection */
export interface RuleMiss {
  readonly rule: number;
  readonly peer: 'matched' | 'missed' | 'any';
  readonly port: 'matched' | 'missed' | 'any';
  readonly text: string;
}

export interface PolicyMiss {
  readonly policy: string;
  readonly rules: readonly RuleMiss[];
  readonly text: string;
}

/** Cilium L7: which HTTP rule let a request through, or that none did */
export interface L7Verdict {
  readonly proxied: true;
  /** the request was allowed by this http rule (index into rules.http), or by an L4-only rule on the same port */
  readonly allowedBy?: { readonly rule: RuleRef; readonly http: number | null; readonly method: string | null; readonly path: string | null };
  /** no request was given: L3/L4 is allowed and each request is checked by the proxy */
  readonly pending?: boolean;
  readonly text: string;
}

export type NotIsolatedReason = 'no-policy' | 'external' | 'host-network' | 'no-default-deny';
export type AllowedReason = 'rule' | 'loopback' | 'own-node' | 'pass-to-profile';
export type DeniedReason = 'no-rule-matched' | 'deny-rule' | 'l7';

export type DirectionResult =
  | {
      readonly kind: 'not-isolated';
      readonly direction: Direction;
      /** `ns/pod` of the pod whose policy counts for this direction, null when it is not a pod */
      readonly target: string | null;
      readonly reason: NotIsolatedReason;
      readonly text: string;
    }
  | {
      readonly kind: 'allowed';
      readonly direction: Direction;
      readonly target: string;
      readonly reason: AllowedReason;
      /** the first deciding rule (null for loopback/own-node) */
      readonly by: RuleRef | null;
      /** every rule that admits the connection, in a fixed order (policy, rule, peer, port) */
      readonly allowedBy: readonly RuleRef[];
      readonly isolatedBy: readonly string[];
      readonly logged?: readonly RuleRef[];
      readonly l7?: L7Verdict;
      readonly text: string;
    }
  | {
      readonly kind: 'denied';
      readonly direction: Direction;
      readonly target: string;
      readonly reason: DeniedReason;
      /** the deny rule (Calico Deny, Cilium ingressDeny/egressDeny) when one decided */
      readonly by: RuleRef | null;
      readonly isolatedBy: readonly string[];
      readonly misses: readonly PolicyMiss[];
      readonly logged?: readonly RuleRef[];
      readonly l7?: L7Verdict;
      readonly text: string;
    };

export interface PolicyVerdict {
  /** egress of the source allows it AND ingress of the destination allows it */
  readonly allowed: boolean;
  readonly egress: DirectionResult;
  readonly ingress: DirectionResult;
  readonly text: string;
}

/** a direction result says the connection may pass */
export function passes(r: DirectionResult): boolean {
  return r.kind !== 'denied';
}
