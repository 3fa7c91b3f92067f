/**
 * L7 HTTP policy: a policy map entry with a proxy port makes the endpoint's policy program
 * redirect the flow to the node's proxy (ipv4_policy → redirect_to_proxy, trace `to-proxy`),
 * where Envoy's cilium.l7policy filter checks each request against the endpoint's HTTP rules,
 * which it receives from the agent (NPDS) — here the evaluator over the cluster's policies
 * (policy/cilium.ts). An allowed request continues to the endpoint; a denied one is answered by
 * Envoy itself: `403 Forbidden` with the body "Access denied\r\n" (cilium/proxy l7policy.cc
 * AccessFilter::decodeHeaders, sendLocalReply; notes/cilium.md §6.3).
 * Simplified: Envoy's own connection to the endpoint is not drawn (the client's packets carry on
 * to the pod), and only ingress HTTP rules are modelled.
 */
import type { TcEnv } from '../tc-programs';
import type { TcVerdict } from '../../devices/port';
import type { HttpRequestData } from '../../wire/app-data';
import { appBytes } from '../../wire/app-size';
import { makePkt, type Pkt } from '../../wire/packet';
import { evaluateCiliumDirection } from '../../policy/cilium';
import { identityTable } from '../../policy/cilium-identity';
import { resolveEnd } from '../../policy/endpoints';
import { policyWorldOf } from '../../policy/world';
import type { CiliumPolicy } from '../../policy/crd-types';
import type { EndpointInfo } from './maps';
import { emitFlow } from './monitor';

export const ACCESS_DENIED_BODY = 'Access denied\r\n';

/** The proxy's verdict on one HTTP request: undefined when it passes on to the endpoint. */
export function proxyHttp(env: TcEnv, ep: EndpointInfo, pkt: Pkt, srcId: number, prog: string): TcVerdict | undefined {
  const { w, ns: node, ctx } = env;
  const req = pkt.data?.app === 'http-request' ? (pkt.data as HttpRequestData) : undefined;
  const l4 = pkt.l4?.kind === 'tcp' ? pkt.l4 : undefined;
  if (!req || !l4) return undefined;
  const world = policyWorldOf(w.cluster);
  const [ns, name] = ep.pod.split('/');
  const ctxC = { ...world, ciliumPolicies: w.cluster.api.networkPolicies.filter((p): p is CiliumPolicy => p.kind === 'CiliumNetworkPolicy') };
  const r = evaluateCiliumDirection(
    ctxC,
    { src: {}, dst: {}, protocol: 'TCP', port: l4.dstPort, http: { method: req.method, path: req.path } },
    'Ingress',
    resolveEnd(world, { ip: pkt.ip.src }),
    resolveEnd(world, { pod: { namespace: ns, name } }),
    identityTable(world),
  );
  const url = `http://${req.host}${req.path}`;
  const summary = `HTTP/1.1 ${req.method} ${url}`;
  const allowed = r.kind !== 'denied';
  emitFlow(w, node, pkt, { srcId, dstId: ep.secId, isReply: false, type: 'http-request', verdict: allowed ? 'FORWARDED' : 'DROPPED', summary });
  const why = r.kind === 'not-isolated' ? r.text : (r.l7?.text ?? r.text);
  w.hop(ctx, {
    ns: node,
    kind: 'filter',
    device: env.dev.name,
    note: `${prog}: the flow is redirected to the proxy (to-proxy): Envoy ${allowed ? 'passes' : 'denies'} ${req.method} ${req.path}: ${why}`,
    pkt,
    decided: { table: 'policy', row: why, where: `${w.where(node)} envoy (cilium.l7policy)`, path: [prog, 'redirect_to_proxy', 'cilium.l7policy'] },
  });
  if (allowed) return undefined;
  const data = {
    app: 'http-response' as const,
    status: 403,
    reason: 'Forbidden',
    body: ACCESS_DENIED_BODY,
    server: 'envoy',
    refusedBy: `Cilium's L7 proxy (Envoy, cilium.l7policy): no HTTP rule of ${ep.pod}'s ingress policy admits ${req.method} ${req.path}`,
  };
  const resp = makePkt(
    { src: pkt.ip.dst, dst: pkt.ip.src, ttl: 64, df: true, proto: 'tcp', id: w.k.nextIpId() },
    { kind: 'tcp', srcPort: l4.dstPort, dstPort: l4.srcPort, flags: ['PSH', 'ACK'] },
    appBytes(data),
  );
  emitFlow(w, node, resp, {
    srcId: ep.secId,
    dstId: srcId,
    isReply: true,
    type: 'http-response',
    verdict: 'FORWARDED',
    summary: `HTTP/1.1 403 0ms (${req.method} ${url})`,
  });
  w.hop(ctx, {
    ns: node,
    kind: 'reply',
    device: env.dev.name,
    note: `Envoy answers the client itself: 403 Forbidden, "Access denied" (sendLocalReply); the request never reaches ${ep.pod}`,
    pkt: { ...resp, data },
  });
  w.output(node.id, { ...resp, data }, ctx);
  return { kind: 'taken', status: 'ok' };
}
