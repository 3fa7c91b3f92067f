/**
 * Services, EndpointSlices and Namespaces read from manifests into the scenario's own form
 * (SCENARIOS.md), then checked by the scenario schema's parts, so a manifest obeys the same
 * rules as a scenario written by hand. Server-written fields (`status` except the load
 * balancer's address, `metadata.uid`, `managedFields`, `clusterIPs`, `ipFamilies`…) are what
 * `kubectl get -o yaml` adds; they are read past.
 */
import type { Fields } from './fields';

export function serviceInput(f: Fields, name: string, namespace: string): Record<string, unknown> {
  const out: Record<string, unknown> = { name, namespace, labels: f.labels(['metadata', 'labels']) };
  const sel = f.obj(['spec', 'selector']);
  if (sel) out.selector = f.labels(['spec', 'selector']);
  out.ports = f.list(['spec', 'ports']).map((_, i) => {
    const at = ['spec', 'ports', i];
    const p: Record<string, unknown> = {};
    for (const k of ['name', 'protocol'] as const) {
      const v = f.str([...at, k]);
      if (v !== undefined) p[k] = v;
    }
    const port = f.get([...at, 'port']);
    if (port === undefined) f.fail([...at, 'port'], 'Required value');
    p.port = port;
    const tp = f.get([...at, 'targetPort']);
    if (tp !== undefined) p.targetPort = tp;
    const np = f.get([...at, 'nodePort']);
    if (np !== undefined) p.nodePort = np;
    return p;
  });
  for (const k of ['type', 'externalName', 'sessionAffinity', 'externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    const v = f.str(['spec', k]);
    if (v !== undefined) out[k] = v;
  }
  const clusterIP = f.str(['spec', 'clusterIP']);
  if (clusterIP !== undefined && clusterIP !== '') out.clusterIP = clusterIP;
  const timeout = f.get(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds']);
  if (timeout !== undefined) out.sessionAffinityTimeout = timeout;
  const ext = f.list(['spec', 'externalIPs']);
  if (ext.length) out.externalIPs = ext;
  const lb = f.str(['status', 'loadBalancer', 'ingress', 0, 'ip']) ?? f.str(['spec', 'loadBalancerIP']);
  if (lb) out.loadBalancerIP = lb;
  const pnr = f.bool(['spec', 'publishNotReadyAddresses']);
  if (pnr !== undefined) out.publishNotReadyAddresses = pnr;
  return out;
}

/** Where a scenario Service field lives in the manifest, for errors the schema finds. */
export function serviceFieldPath(schemaPath: readonly PropertyKey[]): (string | number)[] {
  const [head, ...rest] = schemaPath.map((k) => (typeof k === 'symbol' ? String(k) : k)) as (string | number)[];
  if (head === 'name' || head === 'namespace' || head === 'labels') return ['metadata', head, ...rest];
  if (head === 'sessionAffinityTimeout') return ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'];
  if (head === 'loadBalancerIP') return ['spec', 'loadBalancerIP'];
  return ['spec', ...(head === undefined ? [] : [head]), ...rest];
}

export function endpointSliceInput(f: Fields, name: string, namespace: string): Record<string, unknown> | undefined {
  const labels = f.labels(['metadata', 'labels']);
  const service = labels['kubernetes.io/service-name'];
  if (!service) return f.fail(['metadata', 'labels'], 'Required value: label "kubernetes.io/service-name" names the Service this slice belongs to');
  const addressType = f.str(['addressType'], true);
  if (addressType !== undefined && addressType !== 'IPv4')
    return f.fail(['addressType'], `Unsupported value: "${addressType}": the lab is IPv4-only (supported values: "IPv4")`);
  return {
    name,
    namespace,
    service,
    ...(labels['endpointslice.kubernetes.io/managed-by'] ? { managedBy: labels['endpointslice.kubernetes.io/managed-by'] } : {}),
    ports: f.list(['ports']).map((_, i) => {
      const p: Record<string, unknown> = { port: f.get(['ports', i, 'port']) };
      const n = f.str(['ports', i, 'name']);
      if (n) p.name = n;
      const proto = f.str(['ports', i, 'protocol']);
      if (proto) p.protocol = proto;
      return p;
    }),
    endpoints: f.list(['endpoints']).map((_, i) => {
      const e: Record<string, unknown> = { addresses: f.list(['endpoints', i, 'addresses']) };
      for (const k of ['ready', 'serving', 'terminating'] as const) {
        const v = f.bool(['endpoints', i, 'conditions', k]);
        if (v !== undefined) e[k] = v;
      }
      const node = f.str(['endpoints', i, 'nodeName']);
      if (node) e.nodeName = node;
      return e;
    }),
  };
}

export function endpointSliceFieldPath(schemaPath: readonly PropertyKey[]): (string | number)[] {
  const p = schemaPath.map((k) => (typeof k === 'symbol' ? String(k) : k)) as (string | number)[];
  if (p[0] === 'name' || p[0] === 'namespace') return ['metadata', ...p];
  if (p[0] === 'endpoints' && ['ready', 'serving', 'terminating'].includes(String(p[2]))) return ['endpoints', p[1], 'conditions', p[2]];
  return p;
}
