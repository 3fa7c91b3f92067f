/**
 * The endpoints of a Service port as kube-proxy's endpointslicecache sees them. Every node's
 * proxier (and the Cilium and cloud LB programs) asks the same question of the same API
 * objects, so the answer is computed once per EndpointSlice list and shared: an index of the
 * slices by Service, then one sorted list per Service port. The cache is keyed by object
 * identity (WeakMap), so it is invisible to callers and never outlives the objects it reads.
 */
import type { EndpointInfo, EndpointSliceInfo, ServiceInfo, ServicePortInfo } from '../model/k8s';
import type { Ipv4 } from '../wire/ipv4';

export interface ServiceEndpoint {
  readonly ip: Ipv4;
  readonly port: number;
  readonly node?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

const bySlices = new WeakMap<readonly EndpointSliceInfo[], Map<string, EndpointSliceInfo[]>>();
const byPort = new WeakMap<readonly EndpointSliceInfo[], WeakMap<ServiceInfo, Map<ServicePortInfo, ServiceEndpoint[]>>>();

function slicesOf(svc: ServiceInfo, slices: readonly EndpointSliceInfo[]): readonly EndpointSliceInfo[] {
  let index = bySlices.get(slices);
  if (!index) {
    index = new Map();
    for (const sl of slices) {
      const k = `${sl.namespace}/${sl.service}`;
      const list = index.get(k);
      if (list) list.push(sl);
      else index.set(k, [sl]);
    }
    bySlices.set(slices, index);
  }
  return index.get(`${svc.namespace}/${svc.name}`) ?? [];
}

function compute(svc: ServiceInfo, sp: ServicePortInfo, slices: readonly EndpointSliceInfo[]): ServiceEndpoint[] {
  const out = new Map<string, ServiceEndpoint>();
  for (const sl of slicesOf(svc, slices)) {
    const port = sl.ports.find((p) => (p.name ?? '') === (sp.name ?? '') && p.protocol === sp.protocol);
    if (!port) continue;
    for (const e of sl.endpoints as readonly EndpointInfo[]) {
      for (const ip of e.addresses) {
        const key = `${ip}:${port.port}`;
        if (!out.has(key)) out.set(key, { ip, port: port.port, node: e.nodeName, ...e.conditions });
      }
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/**
 * The endpoints of one Service port: sorted by `ip:port` as strings (endpointslicecache
 * byEndpoint). A fresh array each call (callers filter and sort it); the records are shared.
 */
export function endpointsFor(svc: ServiceInfo, sp: ServicePortInfo, slices: readonly EndpointSliceInfo[]): ServiceEndpoint[] {
  let perSvc = byPort.get(slices);
  if (!perSvc) byPort.set(slices, (perSvc = new WeakMap()));
  let perPort = perSvc.get(svc);
  if (!perPort) perSvc.set(svc, (perPort = new Map()));
  let eps = perPort.get(sp);
  if (!eps) perPort.set(sp, (eps = compute(svc, sp, slices)));
  return [...eps];
}
