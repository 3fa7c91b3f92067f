/**
 * Per-packet ClusterIP load balancing in bpf_lxc, what Cilium does without the kube-proxy
 * replacement (Helm's default kubeProxyReplacement=false "only enables per-packet in-cluster
 * load-balancing of ClusterIP services"; bpf_lxc.c handle_ipv4_from_lxc → lb4_lookup_service,
 * lb4_local; notes/cilium.md §4.3): a pod's packet to a ClusterIP is DNATed to a backend as it
 * leaves the pod's lxc, so kube-proxy's KUBE-* chains never see pod traffic (they still serve
 * the host namespace and NodePorts). Cilium's conntrack remembers the pick on the service tuple
 * and the translation on the backend tuple; the reply is translated back where it is delivered
 * to the client (lb4_rev_nat). With the replacement, socket LB translates at connect() instead.
 * Simplified: the backend draw is a hash mixed with the kernel's IP id counter (sock.ts does the same).
 */
import type { TcEnv } from '../tc-programs';
import type { Pkt } from '../../wire/packet';
import { ctKey, type CtValue } from './conntrack';
import { CT_ANY, CT_TCP, entries, LB4_BACKENDS, LB4_SERVICES, RUNTIME_CONFIG, type Lb4Backend } from './maps';
import { lbLookup } from './lb-maps';
import { fnv1a } from '../../wire/fnv';

const ctMap = (p: Pkt) => (p.l4?.kind === 'tcp' ? CT_TCP : CT_ANY);

function withDst(pkt: Pkt, ip: string, port: number): Pkt {
  return { ...pkt, ip: { ...pkt.ip, dst: ip }, l4: pkt.l4 && pkt.l4.kind !== 'icmp' ? { ...pkt.l4, dstPort: port } : pkt.l4 } as Pkt;
}

export function withSrc(pkt: Pkt, ip: string, port: number): Pkt {
  return { ...pkt, ip: { ...pkt.ip, src: ip }, l4: pkt.l4 && pkt.l4.kind !== 'icmp' ? { ...pkt.l4, srcPort: port } : pkt.l4 } as Pkt;
}

/** The translated packet and what to remember, or undefined when `pkt` is no ClusterIP flow this lxc balances. */
export function lxcServiceXlate(env: TcEnv, pkt: Pkt, prog: string): { pkt: Pkt; lb: NonNullable<CtValue['lb']> } | undefined {
  const { w, ns: node, ctx, dev } = env;
  if (entries<string>(node, RUNTIME_CONFIG)['enable-nodeport'] !== 'false') return undefined;
  const l4 = pkt.l4;
  if (!l4 || l4.kind === 'icmp') return undefined;
  const P = l4.kind === 'tcp' ? 'TCP' : 'UDP';
  const hit = lbLookup(entries<unknown>(node, LB4_SERVICES), pkt.ip.dst, l4.dstPort, P);
  // a ClusterIP without backends is left to the stack, where kube-proxy's REJECT answers it
  if (!hit || hit.fe.type !== 'ClusterIP' || hit.fe.count === 0) return undefined;
  const svcKey = ctKey('OUT', pkt);
  const known = w.k.bpfLookup?.(node.id, ctMap(pkt), svcKey) as CtValue | undefined;
  const backends = entries<Lb4Backend>(node, LB4_BACKENDS);
  let slot =
    hit.slots.findIndex((s) => known?.lb && backends[String(s.backendId)]?.ip === known.lb.backend && backends[String(s.backendId)]?.port === known.lb.bport) +
    1;
  if (slot === 0) slot = (fnv1a(`${svcKey}/${w.now()}/${w.k.nextIpId()}`) % hit.fe.count) + 1;
  const be = backends[String(hit.slots[slot - 1].backendId)];
  const lb = { vip: pkt.ip.dst, vport: l4.dstPort, backend: be.ip, bport: be.port };
  const out = withDst(pkt, be.ip, be.port);
  w.hop(ctx, {
    ns: node,
    kind: 'nat',
    device: dev.name,
    note: `${prog}: ${pkt.ip.dst}:${l4.dstPort}/${P} is ${hit.fe.service} (ClusterIP, per-packet LB in bpf_lxc): slot ${slot} of ${hit.fe.count} → backend ${be.ip}:${be.port}; kube-proxy's rules never see this packet`,
    pkt: out,
    rewrite: { before: { src: pkt.ip.src, dst: pkt.ip.dst, dport: l4.dstPort }, after: { src: pkt.ip.src, dst: be.ip, dport: be.port } },
    decided: {
      table: 'bpf',
      row: `${hit.key.replace(' (0)', ` (${slot})`)}  ${be.ip}:${be.port}/${P} (${hit.fe.revNat}) (${slot})`,
      where: `${w.where(node)} ${LB4_SERVICES}`,
      path: [prog, `lb4_lookup_service ${hit.key}`, `lb4_local slot ${slot}`, `cilium_lb4_backends_v3 ${hit.slots[slot - 1].backendId}`],
    },
  });
  return { pkt: out, lb };
}

/** Remembers the pick on the service tuple (so the flow keeps its backend) and the translation on the backend tuple. */
export function rememberXlate(env: TcEnv, original: Pkt, translated: Pkt, lb: NonNullable<CtValue['lb']>, entry: CtValue): CtValue {
  const { w, ns: node } = env;
  const value = { ...entry, lb };
  w.k.bpfUpdate?.(node.id, ctMap(translated), ctKey('OUT', translated), value);
  w.k.bpfUpdate?.(node.id, ctMap(original), ctKey('OUT', original), value);
  return value;
}

/** lb4_rev_nat where a reply of a translated flow reaches its client: the backend's address becomes the ClusterIP again. */
export function lxcRevNat(env: TcEnv, pkt: Pkt, ct: CtValue | undefined, prog: string): Pkt {
  const lb = ct?.lb;
  const l4 = pkt.l4;
  if (!lb || !l4 || l4.kind === 'icmp' || pkt.ip.src !== lb.backend || l4.srcPort !== lb.bport) return pkt;
  const out = withSrc(pkt, lb.vip, lb.vport);
  env.w.hop(env.ctx, {
    ns: env.ns,
    kind: 'nat',
    device: env.dev.name,
    note: `${prog}: a reply of a ClusterIP flow: lb4_rev_nat ${lb.backend}:${lb.bport} → ${lb.vip}:${lb.vport} (the address the client asked for)`,
    pkt: out,
    rewrite: { before: { src: pkt.ip.src, dst: pkt.ip.dst }, after: { src: lb.vip, dst: pkt.ip.dst } },
  });
  return out;
}
