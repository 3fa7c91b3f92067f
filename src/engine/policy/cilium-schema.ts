/**
 * cilium.io/v2 CiliumNetworkPolicy: zod schema and normalised record.
 *
 * Fields from cilium/cilium pkg/policy/api (rule.go, ingress.go, egress.go, l4.go, http.go) and
 * Documentation/security/policy/language.rst. Checks with Cilium's messages from
 * pkg/policy/api/rule_validation.go: one L3 kind per rule ("combining FromEndpoints and FromCIDR
 * is not supported yet"), "unsupported entity", "L7 rules can only apply to TCP (not %s) except
 * for DNS rules", "L7 rules can not be used when a port is 0". The CRD types port as a string.
 * Not modelled (refused): nodeSelector (host policies), toFQDNs, toServices, fromRequires,
 * icmps, DNS/Kafka L7 rules, listeners and TLS.
 */
import { z } from 'zod';
import { CILIUM_ENTITIES, type CiliumEntity, type CiliumPeerRule, type CiliumPolicy, type CiliumPortRule, type CiliumRule } from './crd-types';
import { checkLabelSelector, cidrErrors, invalid, notSupported, portNameErrors, required, type IssueSink, type Path } from './k8s-validation';
import { checkMetadata, issuesOf, labelSelectorSchema, metadataSchema, normalizeSelector, type ParseResult } from './schema';

const portProtocol = z.object({ port: z.union([z.string(), z.number()]), endPort: z.number().int().optional(), protocol: z.string().optional() }).strict();
const httpRule = z
  .object({ method: z.string().optional(), path: z.string().optional(), host: z.string().optional(), headers: z.array(z.string()).optional() })
  .strict();
const portRule = z
  .object({
    ports: z.array(portProtocol).optional(),
    rules: z
      .object({ http: z.array(httpRule).optional(), dns: z.unknown().optional(), kafka: z.unknown().optional() })
      .strict()
      .optional(),
  })
  .strict();
const portDenyRule = z.object({ ports: z.array(portProtocol).optional() }).strict();
const cidrRule = z.object({ cidr: z.string(), except: z.array(z.string()).optional() }).strict();

const l3 = (dir: 'from' | 'to') => ({
  [`${dir}Endpoints`]: z.array(labelSelectorSchema).optional(),
  [`${dir}CIDR`]: z.array(z.string()).optional(),
  [`${dir}CIDRSet`]: z.array(cidrRule).optional(),
  [`${dir}Entities`]: z.array(z.string()).optional(),
  [`${dir}Requires`]: z.unknown().optional(),
  icmps: z.unknown().optional(),
});
const ingressRule = z.object({ ...l3('from'), toPorts: z.array(portRule).optional() }).strict();
const egressRule = z
  .object({ ...l3('to'), toPorts: z.array(portRule).optional(), toFQDNs: z.unknown().optional(), toServices: z.unknown().optional() })
  .strict();
const ingressDenyRule = z.object({ ...l3('from'), toPorts: z.array(portDenyRule).optional() }).strict();
const egressDenyRule = z.object({ ...l3('to'), toPorts: z.array(portDenyRule).optional() }).strict();

const ruleSpec = z
  .object({
    endpointSelector: labelSelectorSchema.optional(),
    nodeSelector: z.unknown().optional(),
    ingress: z.array(ingressRule).optional(),
    egress: z.array(egressRule).optional(),
    ingressDeny: z.array(ingressDenyRule).optional(),
    egressDeny: z.array(egressDenyRule).optional(),
    enableDefaultDeny: z.object({ ingress: z.boolean().optional(), egress: z.boolean().optional() }).strict().optional(),
    description: z.string().optional(),
    labels: z.unknown().optional(),
  })
  .strict();

const rawCiliumPolicy = z
  .object({
    apiVersion: z.literal('cilium.io/v2', { message: 'a CiliumNetworkPolicy has apiVersion cilium.io/v2' }).optional(),
    kind: z.literal('CiliumNetworkPolicy'),
    metadata: metadataSchema,
    spec: ruleSpec.optional(),
    specs: z.array(ruleSpec).optional(),
  })
  .strict();

type RawPolicy = z.infer<typeof rawCiliumPolicy>;
type RawSpec = z.infer<typeof ruleSpec>;
type RawPortRule = {
  ports?: { port: string | number; endPort?: number; protocol?: string }[];
  rules?: { http?: { method?: string; path?: string; host?: string; headers?: string[] }[]; dns?: unknown; kafka?: unknown };
};
type RawPeerRule = Record<string, unknown> & { toPorts?: RawPortRule[] };

const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY'];
const NOT_MODELLED = 'not modelled yet in podpath';
/** Go names in rule_validation.go's message, in its map order (fixed here) */
const L3_FIELDS = (dir: 'from' | 'to') => [`${dir}Endpoints`, `${dir}CIDR`, `${dir}CIDRSet`, `${dir}Entities`];
const goName = (f: string) => f[0].toUpperCase() + f.slice(1);

function regexErrors(s: string): string | null {
  try {
    new RegExp(`^(?:${s})$`);
    return null;
  } catch {
    return 'not a valid regular expression';
  }
}

function checkPortRule(pr: RawPortRule, path: Path, add: IssueSink): void {
  const http = pr.rules?.http;
  if (pr.rules?.dns !== undefined) add([...path, 'rules', 'dns'], `${NOT_MODELLED} (DNS proxy rules)`);
  if (pr.rules?.kafka !== undefined) add([...path, 'rules', 'kafka'], NOT_MODELLED);
  (pr.ports ?? []).forEach((p, i) => {
    const pp = [...path, 'ports', i];
    if (typeof p.port === 'number') add([...pp, 'port'], `Invalid value: "integer": must be of type string: "integer" (quote it: port: "${p.port}")`);
    else if (p.port === '') add([...pp, 'port'], required('Port must be specified'));
    else if (/^\d+$/.test(p.port)) {
      if (Number(p.port) > 65535) add([...pp, 'port'], invalid(p.port, 'a port is 0-65535'));
      if (http && Number(p.port) === 0) add([...pp, 'port'], 'L7 rules can not be used when a port is 0');
    } else for (const m of portNameErrors(p.port.toLowerCase())) add([...pp, 'port'], invalid(p.port, m));
    if (p.endPort !== undefined && (typeof p.port !== 'string' || !/^\d+$/.test(p.port) || p.endPort < Number(p.port)))
      add([...pp, 'endPort'], invalid(p.endPort, 'endPort needs a numeric port and must not be below it'));
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) add([...pp, 'protocol'], notSupported(p.protocol, PROTOCOLS));
    if (http && (p.protocol ?? 'ANY') !== 'TCP') add([...pp, 'protocol'], `L7 rules can only apply to TCP (not ${p.protocol ?? 'ANY'}) except for DNS rules`);
  });
  (http ?? []).forEach((h, i) => {
    for (const f of ['method', 'path'] as const) {
      const v = h[f];
      const bad = v === undefined ? null : regexErrors(v);
      if (bad) add([...path, 'rules', 'http', i, f], invalid(v, bad));
    }
    if (h.host !== undefined) add([...path, 'rules', 'http', i, 'host'], NOT_MODELLED);
    if (h.headers !== undefined) add([...path, 'rules', 'http', i, 'headers'], NOT_MODELLED);
  });
}

function checkPeerRule(r: RawPeerRule, dir: 'from' | 'to', path: Path, add: IssueSink): void {
  const present = L3_FIELDS(dir).filter((f) => Array.isArray(r[f]) && (r[f] as unknown[]).length > 0);
  if (present.length > 1) add(path, `combining ${goName(present[0])} and ${goName(present[1])} is not supported yet`);
  ((r[`${dir}Endpoints`] as Parameters<typeof checkLabelSelector>[0][] | undefined) ?? []).forEach((s, i) =>
    checkLabelSelector(s, [...path, `${dir}Endpoints`, i], add, true),
  );
  ((r[`${dir}CIDR`] as string[] | undefined) ?? []).forEach((c, i) => cidrErrors(c).forEach((m) => add([...path, `${dir}CIDR`, i], invalid(c, m))));
  ((r[`${dir}CIDRSet`] as { cidr: string; except?: string[] }[] | undefined) ?? []).forEach((c, i) => {
    cidrErrors(c.cidr).forEach((m) => add([...path, `${dir}CIDRSet`, i, 'cidr'], invalid(c.cidr, m)));
    (c.except ?? []).forEach((e, j) => cidrErrors(e).forEach((m) => add([...path, `${dir}CIDRSet`, i, 'except', j], invalid(e, m))));
  });
  ((r[`${dir}Entities`] as string[] | undefined) ?? []).forEach((e, i) => {
    if (!(CILIUM_ENTITIES as readonly string[]).includes(e)) add([...path, `${dir}Entities`, i], `unsupported entity: ${e}`);
  });
  for (const f of [`${dir}Requires`, 'icmps', 'toFQDNs', 'toServices']) if (r[f] !== undefined) add([...path, f], NOT_MODELLED);
  (r.toPorts ?? []).forEach((pr, i) => checkPortRule(pr, [...path, 'toPorts', i], add));
}

function checkSpec(s: RawSpec, path: Path, add: IssueSink): void {
  if (s.nodeSelector !== undefined) add([...path, 'nodeSelector'], `${NOT_MODELLED} (host policies)`);
  else if (s.endpointSelector === undefined) add([...path, 'endpointSelector'], required('rule must have one of EndpointSelector or NodeSelector'));
  checkLabelSelector(s.endpointSelector, [...path, 'endpointSelector'], add, true);
  (s.ingress ?? []).forEach((r, i) => checkPeerRule(r, 'from', [...path, 'ingress', i], add));
  (s.ingressDeny ?? []).forEach((r, i) => checkPeerRule(r, 'from', [...path, 'ingressDeny', i], add));
  (s.egress ?? []).forEach((r, i) => checkPeerRule(r, 'to', [...path, 'egress', i], add));
  (s.egressDeny ?? []).forEach((r, i) => checkPeerRule(r, 'to', [...path, 'egressDeny', i], add));
}

export function checkCiliumPolicy(p: RawPolicy, add: IssueSink): void {
  checkMetadata(p.metadata, add);
  if (!p.spec && !p.specs) add([], required('a CiliumNetworkPolicy needs spec or specs'));
  if (p.spec) checkSpec(p.spec, ['spec'], add);
  (p.specs ?? []).forEach((s, i) => checkSpec(s, ['specs', i], add));
}

export const ciliumPolicySchema = rawCiliumPolicy.superRefine((p, ctx) =>
  checkCiliumPolicy(p, (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message })),
);

function normPortRule(pr: RawPortRule): CiliumPortRule {
  return {
    ports: (pr.ports ?? []).map((p) => {
      const port = String(p.port);
      return {
        port: /^\d+$/.test(port) ? Number(port) : port.toLowerCase(),
        endPort: p.endPort ?? null,
        protocol: (p.protocol ?? 'ANY') as CiliumPortRule['ports'][number]['protocol'],
      };
    }),
    http: pr.rules?.http ? pr.rules.http.map((h) => ({ method: h.method ?? null, path: h.path ?? null })) : null,
  };
}

function normPeerRule(r: RawPeerRule, dir: 'from' | 'to'): CiliumPeerRule {
  const endpoints = r[`${dir}Endpoints`] as Parameters<typeof normalizeSelector>[0][] | undefined;
  const cidr = (r[`${dir}CIDR`] as string[] | undefined) ?? [];
  const cidrSet = (r[`${dir}CIDRSet`] as { cidr: string; except?: string[] }[] | undefined) ?? [];
  const entities = r[`${dir}Entities`] as CiliumEntity[] | undefined;
  const cidrs = [...cidr.map((c) => ({ cidr: c, except: [] })), ...cidrSet.map((c) => ({ cidr: c.cidr, except: [...(c.except ?? [])] }))];
  const l3Field = L3_FIELDS(dir).find((f) => Array.isArray(r[f]) && (r[f] as unknown[]).length > 0) ?? null;
  return {
    endpoints: endpoints && endpoints.length > 0 ? endpoints.map(normalizeSelector) : null,
    cidrs: cidrs.length > 0 ? cidrs : null,
    entities: entities && entities.length > 0 ? [...entities] : null,
    toPorts: (r.toPorts ?? []).map(normPortRule),
    l3Field,
  };
}

function normSpec(s: RawSpec): CiliumRule {
  return {
    endpointSelector: normalizeSelector(s.endpointSelector),
    ingress: (s.ingress ?? []).map((r) => normPeerRule(r, 'from')),
    egress: (s.egress ?? []).map((r) => normPeerRule(r, 'to')),
    ingressDeny: (s.ingressDeny ?? []).map((r) => normPeerRule(r, 'from')),
    egressDeny: (s.egressDeny ?? []).map((r) => normPeerRule(r, 'to')),
    enableDefaultDeny: { ingress: s.enableDefaultDeny?.ingress ?? true, egress: s.enableDefaultDeny?.egress ?? true },
  };
}

export function toCiliumPolicy(p: RawPolicy): CiliumPolicy {
  return {
    kind: 'CiliumNetworkPolicy',
    namespace: p.metadata.namespace ?? 'default',
    name: p.metadata.name ?? '',
    rules: [...(p.spec ? [normSpec(p.spec)] : []), ...(p.specs ?? []).map(normSpec)],
    multi: p.specs !== undefined,
  };
}

export function parseCiliumPolicy(value: unknown): ParseResult<CiliumPolicy> {
  const r = ciliumPolicySchema.safeParse(value);
  return r.success ? { ok: true, record: toCiliumPolicy(r.data) } : { ok: false, issues: issuesOf(r.error) };
}
