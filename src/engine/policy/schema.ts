/**
 * networking.k8s.io/v1 NetworkPolicy: the zod schema and its normalised record.
 *
 * Structure (field names and types) is zod's job; the checks the API server makes are
 * ValidateNetworkPolicySpec / ValidateNetworkPolicyPort / ValidateNetworkPolicyPeer /
 * ValidateIPBlock from k8s.io/kubernetes pkg/apis/networking/validation/validation.go, in
 * that order and with its messages. Defaults are SetDefaults_NetworkPolicy(Port)
 * (pkg/apis/networking/v1/defaults.go): protocol TCP; policyTypes [Ingress] plus Egress when
 * spec.egress is non-empty; metadata.namespace `default`.
 */
import { z } from 'zod';
import { ipToInt, maskOf, parseCidr } from '../wire/ipv4';
import {
  checkLabelSelector,
  cidrErrors,
  dns1123SubdomainErrors,
  forbidden,
  invalid,
  notSupported,
  pathString,
  portNameErrors,
  portNumberErrors,
  required,
  type IssueSink,
  type Path,
  type PolicyIssue,
  type RawLabelSelector,
} from './k8s-validation';
import { EMPTY_SELECTOR } from './selector';
import type { Direction, L4Protocol, LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRecord, NetworkPolicyRule } from './types';

export const labelSelectorSchema = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z.array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).optional() }).strict()).optional(),
  })
  .strict();

export const metadataSchema = z.object({ name: z.string().optional(), namespace: z.string().optional() }).passthrough();

const portSchema = z
  .object({ protocol: z.string().optional(), port: z.union([z.number().int(), z.string()]).optional(), endPort: z.number().int().optional() })
  .strict();
const peerSchema = z
  .object({
    podSelector: labelSelectorSchema.optional(),
    namespaceSelector: labelSelectorSchema.optional(),
    ipBlock: z
      .object({ cidr: z.string(), except: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();

const rawNetworkPolicy = z
  .object({
    apiVersion: z.literal('networking.k8s.io/v1', { message: 'a NetworkPolicy has apiVersion networking.k8s.io/v1' }).optional(),
    kind: z.literal('NetworkPolicy').optional(),
    metadata: metadataSchema,
    spec: z
      .object({
        podSelector: labelSelectorSchema.optional(),
        policyTypes: z.array(z.string()).optional(),
        ingress: z.array(z.object({ from: z.array(peerSchema).optional(), ports: z.array(portSchema).optional() }).strict()).optional(),
        egress: z.array(z.object({ to: z.array(peerSchema).optional(), ports: z.array(portSchema).optional() }).strict()).optional(),
      })
      .strict(),
  })
  .strict();

export type RawNetworkPolicy = z.infer<typeof rawNetworkPolicy>;
type RawPort = z.infer<typeof portSchema>;
type RawPeer = z.infer<typeof peerSchema>;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

/** ValidateObjectMeta for a namespaced object named as a DNS subdomain (ValidateNetworkPolicyName) */
export function checkMetadata(meta: { name?: string; namespace?: string }, add: IssueSink): void {
  if (!meta.name) add(['metadata', 'name'], required('name or generateName is required'));
  else for (const m of dns1123SubdomainErrors(meta.name)) add(['metadata', 'name'], invalid(meta.name, m));
  if (meta.namespace !== undefined) for (const m of dns1123SubdomainErrors(meta.namespace)) add(['metadata', 'namespace'], invalid(meta.namespace, m));
}

function checkPort(port: RawPort, path: Path, add: IssueSink): void {
  if (port.protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(port.protocol))
    add([...path, 'protocol'], notSupported(port.protocol, PROTOCOLS));
  if (port.port !== undefined) {
    if (typeof port.port === 'number') {
      for (const m of portNumberErrors(port.port)) add([...path, 'port'], invalid(port.port, m));
      if (port.endPort !== undefined) {
        if (port.endPort < port.port) add([...path, 'endPort'], invalid(port.endPort, 'must be greater than or equal to `port`'));
        for (const m of portNumberErrors(port.endPort)) add([...path, 'endPort'], invalid(port.endPort, m));
      }
    } else {
      if (port.endPort !== undefined) add([...path, 'endPort'], invalid(port.endPort, 'may not be specified when `port` is non-numeric'));
      for (const m of portNameErrors(port.port)) add([...path, 'port'], invalid(port.port, m));
    }
  } else if (port.endPort !== undefined) add([...path, 'endPort'], invalid(port.endPort, 'may not be specified when `port` is not specified'));
}

/** `except` entries must be strict subsets of `cidr` (ValidateIPBlock) */
function checkIpBlock(block: { cidr: string; except?: string[] }, path: Path, add: IssueSink): void {
  if (block.cidr === '') return add([...path, 'cidr'], required());
  const cidrMsgs = cidrErrors(block.cidr);
  for (const m of cidrMsgs) add([...path, 'cidr'], invalid(block.cidr, m));
  if (cidrMsgs.length > 0) return;
  const outer = parseCidr(block.cidr);
  (block.except ?? []).forEach((e, i) => {
    const msgs = cidrErrors(e);
    for (const m of msgs) add([...path, 'except', i], invalid(e, m));
    if (msgs.length > 0) return;
    const inner = parseCidr(e);
    const inside = (ipToInt(inner.net) & maskOf(outer.prefix)) >>> 0 === ipToInt(outer.net);
    if (!inside || outer.prefix >= inner.prefix) add([...path, 'except', i], invalid(e, 'must be a strict subset of `cidr`'));
  });
}

function checkPeer(peer: RawPeer, path: Path, add: IssueSink): void {
  checkLabelSelector(peer.podSelector, [...path, 'podSelector'], add);
  checkLabelSelector(peer.namespaceSelector, [...path, 'namespaceSelector'], add);
  if (peer.ipBlock) checkIpBlock(peer.ipBlock, [...path, 'ipBlock'], add);
  const n = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((f) => f !== undefined).length;
  if (n === 0) add(path, required('must specify a peer'));
  else if (n > 1 && peer.ipBlock) add(path, forbidden('may not specify both ipBlock and another peer'));
}

/** ValidateNetworkPolicy: metadata, then spec in the API server's order. */
export function checkNetworkPolicy(np: RawNetworkPolicy, add: IssueSink): void {
  checkMetadata(np.metadata, add);
  const spec = np.spec;
  checkLabelSelector(spec.podSelector, ['spec', 'podSelector'], add);
  (spec.ingress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => checkPort(p, ['spec', 'ingress', i, 'ports', j], add));
    (rule.from ?? []).forEach((p, j) => checkPeer(p, ['spec', 'ingress', i, 'from', j], add));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => checkPort(p, ['spec', 'egress', i, 'ports', j], add));
    (rule.to ?? []).forEach((p, j) => checkPeer(p, ['spec', 'egress', i, 'to', j], add));
  });
  const types = spec.policyTypes ?? [];
  if (types.length > 2) return add(['spec', 'policyTypes'], invalid(types, 'may not specify more than two policyTypes'));
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') add(['spec', 'policyTypes', i], notSupported(t, ['Ingress', 'Egress']));
  });
}

/** The zod schema: structure plus the API server's checks (issue paths are relative to the object). */
export const networkPolicySchema = rawNetworkPolicy.superRefine((np, ctx) =>
  checkNetworkPolicy(np, (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message })),
);

export function normalizeSelector(sel: RawLabelSelector | undefined): LabelSelector {
  if (!sel) return EMPTY_SELECTOR;
  return {
    matchLabels: { ...(sel.matchLabels ?? {}) },
    matchExpressions: (sel.matchExpressions ?? []).map((r) => ({
      key: r.key,
      operator: r.operator as LabelSelector['matchExpressions'][number]['operator'],
      values: [...(r.values ?? [])],
    })),
  };
}

function normalizePeer(p: RawPeer): NetworkPolicyPeer {
  if (p.ipBlock) return { kind: 'ipBlock', cidr: p.ipBlock.cidr, except: [...(p.ipBlock.except ?? [])] };
  return {
    kind: 'selector',
    podSelector: p.podSelector ? normalizeSelector(p.podSelector) : null,
    namespaceSelector: p.namespaceSelector ? normalizeSelector(p.namespaceSelector) : null,
  };
}

function normalizePort(p: RawPort): NetworkPolicyPort {
  return { protocol: (p.protocol ?? 'TCP') as L4Protocol, port: p.port ?? null, endPort: p.endPort ?? null };
}

export function toNetworkPolicyRecord(np: RawNetworkPolicy): NetworkPolicyRecord {
  const spec = np.spec;
  const rule = (peers: RawPeer[] | undefined, ports: RawPort[] | undefined): NetworkPolicyRule => ({
    peers: (peers ?? []).map(normalizePeer),
    ports: (ports ?? []).map(normalizePort),
  });
  const egress = (spec.egress ?? []).map((r) => rule(r.to, r.ports));
  // SetDefaults_NetworkPolicy: `len(Egress) != 0` adds Egress, so `egress: []` does not
  const declared = (spec.policyTypes ?? []) as Direction[];
  const policyTypes: Direction[] = declared.length > 0 ? [...new Set(declared)] : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return {
    kind: 'NetworkPolicy',
    namespace: np.metadata.namespace ?? 'default',
    name: np.metadata.name ?? '',
    podSelector: normalizeSelector(spec.podSelector),
    policyTypes,
    ingress: (spec.ingress ?? []).map((r) => rule(r.from, r.ports)),
    egress,
  };
}

export type ParseResult<T> = { readonly ok: true; readonly record: T } | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

export function issuesOf(error: z.ZodError): PolicyIssue[] {
  return error.issues.map((i) => ({ path: pathString(i.path.filter((k): k is string | number => typeof k !== 'symbol')), message: i.message }));
}

export function parseNetworkPolicy(value: unknown): ParseResult<NetworkPolicyRecord> {
  const r = networkPolicySchema.safeParse(value);
  return r.success ? { ok: true, record: toNetworkPolicyRecord(r.data) } : { ok: false, issues: issuesOf(r.error) };
}
