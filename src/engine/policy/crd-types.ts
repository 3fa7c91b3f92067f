/**
 * Normalised records of the CNI-specific policy kinds: Calico projectcalico.org/v3
 * NetworkPolicy and GlobalNetworkPolicy (and Kubernetes policies as Calico converts them), and
 * Cilium cilium.io/v2 CiliumNetworkPolicy. Made by calico-schema.ts / cilium-schema.ts.
 */
import type { CalicoSelector } from './calico-selector';
import type { Direction, LabelSelector, NetworkPolicyRecord, PolicyWorld } from './types';

// ---------------------------------------------------------------------------------------------
// Calico (tigera/docs calico/reference/resources/networkpolicy.mdx, _rule.mdx, _entityrule.mdx)

export type CalicoAction = 'Allow' | 'Deny' | 'Log' | 'Pass';
/** a name, or an IP protocol number 1-255 */
export type CalicoProtocol = 'TCP' | 'UDP' | 'ICMP' | 'ICMPv6' | 'SCTP' | 'UDPLite' | number;

/** `80`, `'6040:6050'` (inclusive), or a named port of the endpoint */
export type CalicoPort = { readonly kind: 'range'; readonly from: number; readonly to: number } | { readonly kind: 'named'; readonly name: string };

export interface CalicoEntityRule {
  readonly selector: CalicoSelector | null;
  readonly notSelector: CalicoSelector | null;
  /** scopes `selector`; null: the policy's namespace (NetworkPolicy) or every namespace (GlobalNetworkPolicy) */
  readonly namespaceSelector: CalicoSelector | null;
  readonly nets: readonly string[];
  readonly notNets: readonly string[];
  readonly ports: readonly CalicoPort[];
  readonly notPorts: readonly CalicoPort[];
}

export interface CalicoRule {
  readonly action: CalicoAction;
  readonly protocol: CalicoProtocol | null;
  readonly notProtocol: CalicoProtocol | null;
  /** ICMP type/code match (needs protocol ICMP); an absent code matches every code */
  readonly icmp?: { readonly type?: number; readonly code?: number };
  readonly notICMP?: { readonly type?: number; readonly code?: number };
  readonly source: CalicoEntityRule;
  readonly destination: CalicoEntityRule;
  /** a rule made from a Kubernetes policy: the rule, peer and port it came from */
  readonly origin?: { readonly rule: number; readonly peer: number | null; readonly port: number | null };
}

export interface CalicoPolicy {
  readonly kind: 'CalicoNetworkPolicy' | 'GlobalNetworkPolicy' | 'KubernetesNetworkPolicy';
  /** as Felix names it: `knp.default.<name>` for a converted Kubernetes policy */
  readonly name: string;
  /** null for GlobalNetworkPolicy */
  readonly namespace: string | null;
  /** lower first; null = no order (after every ordered policy), Felix PolKVLess */
  readonly order: number | null;
  readonly selector: CalicoSelector;
  /** GlobalNetworkPolicy spec.namespaceSelector: only endpoints in matching namespaces */
  readonly namespaceSelector: CalicoSelector | null;
  readonly types: readonly Direction[];
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
}

export interface CalicoContext extends PolicyWorld {
  readonly calicoPolicies: readonly CalicoPolicy[];
  /** Kubernetes policies: converted as Calico's kube-controllers does (order 1000, default tier) */
  readonly networkPolicies?: readonly NetworkPolicyRecord[];
}

// ---------------------------------------------------------------------------------------------
// Cilium (cilium/cilium Documentation/security/policy/language.rst, pkg/policy/api)

export const CILIUM_ENTITIES = ['world', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'all', 'health', 'init', 'unmanaged', 'ingress'] as const;
export type CiliumEntity = (typeof CILIUM_ENTITIES)[number];

export interface CiliumHttpRule {
  /** extended POSIX regex, matched against the whole method/path; null: any */
  readonly method: string | null;
  readonly path: string | null;
}

export interface CiliumPortRule {
  readonly ports: readonly {
    /** 0: every port; a string: a named port of the destination endpoint */
    readonly port: number | string;
    readonly endPort: number | null;
    readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ANY';
  }[];
  /** L7 HTTP rules; null when the port rule has none (deny rules never have any) */
  readonly http: readonly CiliumHttpRule[] | null;
}

/** one ingress/egress (or deny) rule; at most one of the L3 fields is set (rule_validation.go) */
export interface CiliumPeerRule {
  /** fromEndpoints / toEndpoints as written (the policy namespace is added when evaluating) */
  readonly endpoints: readonly LabelSelector[] | null;
  /** fromCIDR / fromCIDRSet merged */
  readonly cidrs: readonly { readonly cidr: string; readonly except: readonly string[] }[] | null;
  readonly entities: readonly CiliumEntity[] | null;
  readonly toPorts: readonly CiliumPortRule[];
  /** which field the L3 list came from, for messages: fromEndpoints, toCIDRSet, … */
  readonly l3Field: string | null;
}

export interface CiliumRule {
  readonly endpointSelector: LabelSelector;
  readonly ingress: readonly CiliumPeerRule[];
  readonly egress: readonly CiliumPeerRule[];
  readonly ingressDeny: readonly CiliumPeerRule[];
  readonly egressDeny: readonly CiliumPeerRule[];
  /** spec.enableDefaultDeny (Cilium 1.16+), default true for both */
  readonly enableDefaultDeny: { readonly ingress: boolean; readonly egress: boolean };
}

export interface CiliumPolicy {
  readonly kind: 'CiliumNetworkPolicy';
  readonly namespace: string;
  readonly name: string;
  /** `spec` and/or `specs`, in that order */
  readonly rules: readonly CiliumRule[];
  /** true when the policy was written with `specs:` (messages then say specs[i]) */
  readonly multi: boolean;
}

export interface CiliumContext extends PolicyWorld {
  readonly ciliumPolicies: readonly CiliumPolicy[];
  /** addresses that carry the kube-apiserver identity; default: hostNetwork pods labelled component=kube-apiserver */
  readonly kubeApiserverIps?: readonly string[];
}
