/**
 * The policy folder's face: schemas for the policy objects, the normalised records, and the
 * three evaluators (Kubernetes NetworkPolicy per the cyclonus model, Calico's default tier,
 * Cilium identities + L7 HTTP). The CNI shapes enforce what these decide: Calico as iptables
 * chains with ipsets, Cilium as identity maps at tc, Flannel not at all.
 */
export { evaluate, evaluateDirection, isolatingPolicies } from './evaluate';
export { evaluateCalico, sortPolicies as sortCalicoPolicies, calicoPolicySelects } from './calico';
export { kubernetesToCalico, K8S_POLICY_ORDER, K8S_POLICY_PREFIX } from './calico-convert';
export { evaluateCilium, type CiliumVerdict } from './cilium';
export { identityOf, identityTable, RESERVED_IDENTITIES, type CiliumIdentity } from './cilium-identity';
export { parseCalicoSelector, calicoSelectorMatches, calicoSelectorString, type CalicoSelector, type SelectorError } from './calico-selector';
export { networkPolicySchema, parseNetworkPolicy, type ParseResult } from './schema';
export { calicoPolicySchema, parseCalicoPolicy } from './calico-schema';
export { ciliumPolicySchema, parseCiliumPolicy } from './cilium-schema';
export { formatInvalid, type PolicyIssue } from './k8s-validation';
export { parsePolicyObject, policyObjectSchema, policyObjectKey, splitPolicies, type PolicyObject } from './objects';
export { policyWorldOf } from './world';
export { selectorMatches, selectorString } from './selector';
export * from './types';
export type * from './crd-types';
