/**
 * projectcalico.org/v3 NetworkPolicy and GlobalNetworkPolicy: zod schema and normalised record.
 *
 * Fields from tigera/docs calico/reference/resources/{networkpolicy,globalnetworkpolicy}.mdx
 * and _rule.mdx / _entityrule.mdx / _ports.mdx. Checks from libcalico-go
 * lib/validator/v3/validator.go where it has a message (ports need TCP/UDP/SCTP, ICMP fields
 * need ICMP, global() only in an EntityRule namespaceSelector); other wording is podpath's.
 * `types` defaults by the presence of rules (the table under networkpolicy.mdx Spec).
 * Not modelled (refused with a message): tiers other than `default`, preDNAT, doNotTrack,
 * applyOnForward, serviceAccounts, services, http matches.
 */
import { z } from 'zod';
import { parseCalicoSelector, type CalicoSelector } from './calico-selector';
import type { CalicoEntityRule, CalicoPolicy, CalicoPort, CalicoProtocol, CalicoRule } from './crd-types';
import { cidrErrors, dns1123SubdomainErrors, invalid, portNameErrors, required, type IssueSink, type Path } from './k8s-validation';
import { issuesOf, metadataSchema, type ParseResult } from './schema';
import type { Direction } from './types';

const portValue = z.union([z.number().int(), z.string()]);
const protocolValue = z.union([z.string(), z.number().int()]);
const icmpSchema = z.object({ type: z.number().int().min(0).max(254).optional(), code: z.number().int().min(0).max(255).optional() }).strict();

const entityRule = z
  .object({
    selector: z.string().optional(),
    notSelector: z.string().optional(),
    namespaceSelector: z.string().optional(),
    nets: z.array(z.string()).optional(),
    notNets: z.array(z.string()).optional(),
    ports: z.array(portValue).optional(),
    notPorts: z.array(portValue).optional(),
    serviceAccounts: z.unknown().optional(),
    services: z.unknown().optional(),
  })
  .strict();

const rule = z
  .object({
    action: z.string(),
    protocol: protocolValue.optional(),
    notProtocol: protocolValue.optional(),
    icmp: icmpSchema.optional(),
    notICMP: icmpSchema.optional(),
    ipVersion: z.literal(4, { message: 'podpath models IPv4 only (ipVersion: 4)' }).optional(),
    source: entityRule.optional(),
    destination: entityRule.optional(),
    http: z.unknown().optional(),
    metadata: z
      .object({ annotations: z.record(z.string(), z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();

const rawCalicoPolicy = z
  .object({
    apiVersion: z.literal('projectcalico.org/v3', { message: 'Calico policies have apiVersion projectcalico.org/v3' }).optional(),
    kind: z.enum(['NetworkPolicy', 'GlobalNetworkPolicy']),
    metadata: metadataSchema,
    spec: z
      .object({
        order: z.number().optional(),
        tier: z.string().optional(),
        selector: z.string().optional(),
        namespaceSelector: z.string().optional(),
        serviceAccountSelector: z.string().optional(),
        types: z.array(z.string()).optional(),
        ingress: z.array(rule).optional(),
        egress: z.array(rule).optional(),
        doNotTrack: z.boolean().optional(),
        preDNAT: z.boolean().optional(),
        applyOnForward: z.boolean().optional(),
        performanceHints: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict();

type RawCalicoPolicy = z.infer<typeof rawCalicoPolicy>;
type RawRule = z.infer<typeof rule>;
type RawEntity = z.infer<typeof entityRule>;

const ACTIONS = ['Allow', 'Deny', 'Log', 'Pass'];
const PROTOCOL_NAMES = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'];
const NOT_MODELLED = 'not modelled yet in podpath';

function checkSelector(text: string | undefined, path: Path, add: IssueSink, where: 'policy' | 'rule' | 'namespaceSelector'): void {
  if (text === undefined) return;
  const r = parseCalicoSelector(text);
  if (!r.ok) return add(path, invalid(text, `invalid selector: ${r.error.message}`));
  const hasGlobal = (s: CalicoSelector): boolean =>
    s.op === 'global' || (s.op === 'not' && hasGlobal(s.expr)) || ((s.op === 'and' || s.op === 'or') && s.exprs.some(hasGlobal));
  if (!hasGlobal(r.selector)) return;
  if (where !== 'namespaceSelector') add(path, invalid(text, 'global() can only be used in an EntityRule namespaceSelector'));
  else if (r.selector.op !== 'global') add(path, invalid(text, 'global() cannot be combined with other selectors'));
}

function checkPort(p: number | string, path: Path, add: IssueSink): void {
  if (typeof p === 'number') {
    if (p < 0 || p > 65535) add(path, invalid(p, 'a port is 0-65535'));
    return;
  }
  const range = /^(\d+):(\d+)$/.exec(p);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from > to || to > 65535) add(path, invalid(p, 'a port range is start:end with start <= end <= 65535'));
  } else if (/^\d+$/.test(p)) add(path, invalid(p, 'a single numeric port is written as a number, not a string'));
  else for (const m of portNameErrors(p)) add(path, invalid(p, m));
}

const portsAllowed = (protocol: string | number | undefined): boolean =>
  protocol === 'TCP' ||
  protocol === 'UDP' ||
  protocol === 'SCTP' ||
  protocol === 'UDPLite' ||
  protocol === 6 ||
  protocol === 17 ||
  protocol === 132 ||
  protocol === 136;

function checkEntity(e: RawEntity | undefined, r: RawRule, path: Path, add: IssueSink): void {
  if (!e) return;
  checkSelector(e.selector, [...path, 'selector'], add, 'rule');
  checkSelector(e.notSelector, [...path, 'notSelector'], add, 'rule');
  checkSelector(e.namespaceSelector, [...path, 'namespaceSelector'], add, 'namespaceSelector');
  for (const f of ['nets', 'notNets'] as const) (e[f] ?? []).forEach((c, i) => cidrErrors(c).forEach((m) => add([...path, f, i], invalid(c, m))));
  for (const f of ['ports', 'notPorts'] as const) {
    (e[f] ?? []).forEach((p, i) => checkPort(p, [...path, f, i], add));
    if ((e[f] ?? []).length > 0 && !portsAllowed(r.protocol)) add([...path, f], 'rules that specify ports must set protocol to TCP or UDP or SCTP');
  }
  if (e.serviceAccounts !== undefined) add([...path, 'serviceAccounts'], NOT_MODELLED);
  if (e.services !== undefined) add([...path, 'services'], NOT_MODELLED);
}

function checkRule(r: RawRule, path: Path, add: IssueSink): void {
  if (!ACTIONS.includes(r.action)) add([...path, 'action'], invalid(r.action, `action must be one of ${ACTIONS.join(', ')}`));
  for (const f of ['protocol', 'notProtocol'] as const) {
    const p = r[f];
    if (p === undefined) continue;
    if (typeof p === 'number' ? p < 1 || p > 255 : !PROTOCOL_NAMES.includes(p))
      add([...path, f], invalid(p, `a protocol is one of ${PROTOCOL_NAMES.join(', ')} or a number 1-255`));
  }
  if ((r.icmp || r.notICMP) && r.protocol !== 'ICMP' && r.protocol !== 1)
    add([...path, r.icmp ? 'icmp' : 'notICMP'], 'rules that specify ICMP fields must set protocol to ICMP');
  for (const f of ['icmp', 'notICMP'] as const)
    if (r[f]?.code !== undefined && r[f]?.type === undefined) add([...path, f, 'code'], 'ICMP code specified without an ICMP type');
  checkEntity(r.source, r, [...path, 'source'], add);
  checkEntity(r.destination, r, [...path, 'destination'], add);
  if (r.http !== undefined) add([...path, 'http'], `${NOT_MODELLED} (application layer policy)`);
}

export function checkCalicoPolicy(p: RawCalicoPolicy, add: IssueSink): void {
  const global = p.kind === 'GlobalNetworkPolicy';
  if (!p.metadata.name) add(['metadata', 'name'], required('name is required'));
  else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.metadata.name) && !/^knp\.default\./.test(p.metadata.name))
    add(['metadata', 'name'], invalid(p.metadata.name, 'a Calico policy name is a DNS-1123 label (lower case letters, digits and "-")'));
  if (global && p.metadata.namespace !== undefined) add(['metadata', 'namespace'], 'a GlobalNetworkPolicy is cluster-scoped: it has no namespace');
  if (!global && p.metadata.namespace !== undefined)
    dns1123SubdomainErrors(p.metadata.namespace).forEach((m) => add(['metadata', 'namespace'], invalid(p.metadata.namespace, m)));
  const s = p.spec;
  if (s.tier !== undefined && s.tier !== 'default') add(['spec', 'tier'], invalid(s.tier, 'podpath models the default tier only'));
  checkSelector(s.selector, ['spec', 'selector'], add, 'policy');
  if (s.namespaceSelector !== undefined && !global)
    add(['spec', 'namespaceSelector'], 'namespaceSelector is a GlobalNetworkPolicy field; a NetworkPolicy applies to its own namespace');
  checkSelector(s.namespaceSelector, ['spec', 'namespaceSelector'], add, 'policy');
  if (s.serviceAccountSelector !== undefined) add(['spec', 'serviceAccountSelector'], NOT_MODELLED);
  for (const f of ['doNotTrack', 'preDNAT', 'applyOnForward'] as const) if (s[f]) add(['spec', f], `${NOT_MODELLED} (host endpoint policy)`);
  (s.types ?? []).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') add(['spec', 'types', i], invalid(t, 'types are Ingress and Egress'));
  });
  (s.ingress ?? []).forEach((r, i) => checkRule(r, ['spec', 'ingress', i], add));
  (s.egress ?? []).forEach((r, i) => checkRule(r, ['spec', 'egress', i], add));
}

export const calicoPolicySchema = rawCalicoPolicy.superRefine((p, ctx) =>
  checkCalicoPolicy(p, (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message })),
);

const selectorOf = (text: string | undefined): CalicoSelector | null => {
  if (text === undefined) return null;
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(`validated selector no longer parses: ${text}`);
  return r.selector;
};

function normPort(p: number | string): CalicoPort {
  if (typeof p === 'number') return { kind: 'range', from: p, to: p };
  const range = /^(\d+):(\d+)$/.exec(p);
  return range ? { kind: 'range', from: Number(range[1]), to: Number(range[2]) } : { kind: 'named', name: p };
}

export function normEntity(e: RawEntity | undefined): CalicoEntityRule {
  return {
    selector: selectorOf(e?.selector),
    notSelector: selectorOf(e?.notSelector),
    namespaceSelector: selectorOf(e?.namespaceSelector),
    nets: [...(e?.nets ?? [])],
    notNets: [...(e?.notNets ?? [])],
    ports: (e?.ports ?? []).map(normPort),
    notPorts: (e?.notPorts ?? []).map(normPort),
  };
}

function normRule(r: RawRule): CalicoRule {
  return {
    action: r.action as CalicoRule['action'],
    protocol: (r.protocol ?? null) as CalicoProtocol | null,
    notProtocol: (r.notProtocol ?? null) as CalicoProtocol | null,
    ...(r.icmp ? { icmp: r.icmp } : {}),
    ...(r.notICMP ? { notICMP: r.notICMP } : {}),
    source: normEntity(r.source),
    destination: normEntity(r.destination),
  };
}

export function toCalicoPolicy(p: RawCalicoPolicy): CalicoPolicy {
  const s = p.spec;
  const ingress = (s.ingress ?? []).map(normRule);
  const egress = (s.egress ?? []).map(normRule);
  const declared = [...new Set(s.types ?? [])] as Direction[];
  const types: Direction[] =
    declared.length > 0 ? declared : egress.length > 0 && ingress.length === 0 ? ['Egress'] : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  const global = p.kind === 'GlobalNetworkPolicy';
  return {
    kind: global ? 'GlobalNetworkPolicy' : 'CalicoNetworkPolicy',
    name: p.metadata.name ?? '',
    namespace: global ? null : (p.metadata.namespace ?? 'default'),
    order: s.order ?? null,
    selector: selectorOf(s.selector) ?? { op: 'all' },
    namespaceSelector: selectorOf(s.namespaceSelector),
    types,
    ingress,
    egress,
  };
}

export function parseCalicoPolicy(value: unknown): ParseResult<CalicoPolicy> {
  const r = calicoPolicySchema.safeParse(value);
  return r.success ? { ok: true, record: toCalicoPolicy(r.data) } : { ok: false, issues: issuesOf(r.error) };
}
