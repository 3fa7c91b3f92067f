/**
 * Any policy object a scenario or `kubectl apply` may hold, recognised by apiVersion/kind:
 * networking.k8s.io/v1 NetworkPolicy (also when written without apiVersion and kind, as
 * SCENARIOS.md's `networkPolicies` list does), projectcalico.org/v3 NetworkPolicy and
 * GlobalNetworkPolicy, cilium.io/v2 CiliumNetworkPolicy.
 *
 * Imports nothing from model/, so model/scenario-schema.ts can use policyObjectSchema
 * without a cycle (policy sits above model in ARCHITECTURE.md's layering).
 */
import { z } from 'zod';
import { parseCalicoPolicy } from './calico-schema';
import { parseCiliumPolicy } from './cilium-schema';
import type { CalicoPolicy, CiliumPolicy } from './crd-types';
import { notSupported } from './k8s-validation';
import { parseNetworkPolicy, type ParseResult } from './schema';
import type { NetworkPolicyRecord } from './types';

export type PolicyObject = NetworkPolicyRecord | CalicoPolicy | CiliumPolicy;

const KINDS = [
  'networking.k8s.io/v1 NetworkPolicy',
  'projectcalico.org/v3 NetworkPolicy',
  'projectcalico.org/v3 GlobalNetworkPolicy',
  'cilium.io/v2 CiliumNetworkPolicy',
];

export function parsePolicyObject(value: unknown): ParseResult<PolicyObject> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, issues: [{ path: '', message: 'a policy is a mapping with metadata and spec' }] };
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  if (apiVersion === 'projectcalico.org/v3' || (apiVersion === undefined && kind === 'GlobalNetworkPolicy')) return parseCalicoPolicy(value);
  if (apiVersion === 'cilium.io/v2' || (apiVersion === undefined && kind === 'CiliumNetworkPolicy')) return parseCiliumPolicy(value);
  if (apiVersion === 'networking.k8s.io/v1' || (apiVersion === undefined && (kind === undefined || kind === 'NetworkPolicy'))) return parseNetworkPolicy(value);
  const field = apiVersion === undefined ? 'kind' : 'apiVersion';
  const got = apiVersion === undefined ? kind : `${String(apiVersion)} ${String(kind)}`;
  return { ok: false, issues: [{ path: field, message: notSupported(got, KINDS) }] };
}

/**
 * For the scenario schema: validates one policy object (issues carry paths relative to it, so
 * they read `cluster.networkPolicies[0].spec.ingress[0].from[0]: Forbidden: …`) and outputs
 * the normalised record.
 */
export const policyObjectSchema = z.unknown().transform((value, ctx): PolicyObject => {
  const r = parsePolicyObject(value);
  if (r.ok) return r.record;
  for (const i of r.issues) ctx.addIssue({ code: 'custom', path: i.path ? pathKeys(i.path) : [], message: i.message });
  return z.NEVER;
});

/** `spec.ingress[0].from[1]` → ['spec', 'ingress', 0, 'from', 1] */
function pathKeys(path: string): (string | number)[] {
  return path.split('.').flatMap((part) => {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    const idx = [...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]));
    return [...(m[1] ? [m[1]] : []), ...idx];
  });
}

/** `NetworkPolicy x/web`, `GlobalNetworkPolicy deny`: what must be unique in one cluster */
export function policyObjectKey(p: PolicyObject): string {
  if (p.kind === 'NetworkPolicy') return `NetworkPolicy ${p.namespace}/${p.name}`;
  if (p.kind === 'CiliumNetworkPolicy') return `CiliumNetworkPolicy ${p.namespace}/${p.name}`;
  if (p.kind === 'GlobalNetworkPolicy') return `GlobalNetworkPolicy ${p.name}`;
  return `projectcalico.org/v3 NetworkPolicy ${p.namespace}/${p.name}`;
}

export function splitPolicies(objs: readonly PolicyObject[]): { kubernetes: NetworkPolicyRecord[]; calico: CalicoPolicy[]; cilium: CiliumPolicy[] } {
  return {
    kubernetes: objs.filter((o): o is NetworkPolicyRecord => o.kind === 'NetworkPolicy'),
    calico: objs.filter((o): o is CalicoPolicy => o.kind === 'CalicoNetworkPolicy' || o.kind === 'GlobalNetworkPolicy' || o.kind === 'KubernetesNetworkPolicy'),
    cilium: objs.filter((o): o is CiliumPolicy => o.kind === 'CiliumNetworkPolicy'),
  };
}
