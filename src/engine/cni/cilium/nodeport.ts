/**
 * NodePort in the datapath with the kube-proxy replacement (bpf/lib/nodeport.h nodeport_lb4,
 * nodeport_svc_lb4, tail_nodeport_nat_egress_ipv4; notes/cilium.md §4.3): at the node's eth0
 * ingress (cil_from_netdev) a packet to <node IP>:<nodePort> is load-balanced (lb4_local, the
 * choice kept in the CT_SERVICE entry for the flow's later packets). A local backend gets the
 * packet DNATed and delivered (its ingress policy sees the client's identity, world); a remote
 * backend gets it DNATed and SNATed to the node's address (the default SNAT mode) and sent on —
 * encapsulated in tunnel mode, through the stack in native mode. Replies are reverse-translated:
 * from a remote backend at eth0 ingress (the SNAT entry), from a local one at its lxc
 * (cil_from_container's reverse NAT). A frontend without backends answers with ICMP port
 * unreachable from the frontend (serviceNoBackendResponse reject, tail_no_service_ipv4) or drops
 * (158 Service backend not found).
 * Simplified: the SNAT keeps the client's source port; the onward forwarding in native mode and
 * of replies goes through the kernel's routing rather than a FIB redirect.
 */
import type { TcEnv } from '../tc-programs';
import type { TcVerdict } from '../../devices/port';
import { withIp, type Pkt } from '../../wire/packet';
import { endpointOf, entries, LB4_BACKENDS, LB4_SERVICES, RUNTIME_CONFIG, type Lb4Backend } from './maps';
import { lbLookup } from './lb-maps';
import { emitFlow } from './monitor';
import { fnv1a } from '../../wire/fnv';

export const NP_MAP = 'cilium_ct4_global';

interface NpEntry {
  readonly backend: { readonly ip: string; readonly port: number };
  readonly client: { readonly ip: string; readonly port: number };
  readonly frontend: { readonly ip: string; readonly port: number };
  /** the address the request was SNATed to (remote backends), or undefined for a local one */
  readonly snat?: string;
  readonly expires: number;
}

function ports(p: Pkt): { sport: number; dport: number } | undefined {
  return p.l4 && p.l4.kind !== 'icmp' ? { sport: p.l4.srcPort, dport: p.l4.dstPort } : undefined;
}

function rewrite(p: Pkt, src: { ip: string; port: number }, dst: { ip: string; port: number }): Pkt {
  const l4 = p.l4 && p.l4.kind !== 'icmp' ? { ...p.l4, srcPort: src.port, dstPort: dst.port } : p.l4;
  return withIp({ ...p, l4 }, { src: src.ip, dst: dst.ip });
}

const fwdKey = (proto: string, c: { ip: string; port: number }, f: { ip: string; port: number }) => `${proto} SVC ${c.ip}:${c.port} -> ${f.ip}:${f.port}`;
const revKey = (proto: string, b: { ip: string; port: number }, to: { ip: string; port: number }) => `${proto} REV ${b.ip}:${b.port} -> ${to.ip}:${to.port}`;

/** cil_from_netdev with NodePort: returns undefined when the packet is not the load balancer's. */
export function nodeportIngress(
  env: TcEnv,
  deliver: (pkt: Pkt, srcId: number) => TcVerdict,
  forward: (pkt: Pkt) => TcVerdict,
  redirect: (pkt: Pkt) => TcVerdict,
): TcVerdict | undefined {
  const { w, ns: node, dev, ctx } = env;
  const pkt = env.frame.pkt;
  const pp = ports(pkt);
  if (!pp || !w.k.bpfLookup || !w.k.bpfUpdate) return undefined;
  const proto = pkt.l4!.kind === 'tcp' ? 'TCP' : 'UDP';
  const now = w.now();
  // a reply of a SNATed flow from a remote backend: back to the frontend's address, on to the client
  const rev = w.k.bpfLookup(node.id, NP_MAP, revKey(proto, { ip: pkt.ip.src, port: pp.sport }, { ip: pkt.ip.dst, port: pp.dport })) as NpEntry | undefined;
  if (rev && rev.expires > now) {
    const out = rewrite(pkt, rev.frontend, rev.client);
    w.hop(ctx, {
      ns: node,
      kind: 'nat',
      device: dev.name,
      note: `cil_from_netdev (${dev.name}): reply of a NodePort flow from backend ${rev.backend.ip}:${rev.backend.port}: reverse SNAT and DNAT back to ${rev.frontend.ip}:${rev.frontend.port} → ${rev.client.ip}:${rev.client.port}`,
      pkt: out,
      rewrite: {
        before: { src: pkt.ip.src, dst: pkt.ip.dst, sport: pp.sport, dport: pp.dport },
        after: { src: out.ip.src, dst: out.ip.dst, sport: rev.frontend.port, dport: rev.client.port },
      },
      decided: {
        table: 'bpf',
        row: revKey(proto, rev.backend, { ip: pkt.ip.dst, port: pp.dport }),
        where: `${w.where(node)} ${NP_MAP}`,
        path: ['cil_from_netdev', 'nodeport_rev_dnat'],
      },
    });
    return redirect(out);
  }
  const svc = lbLookup(entries<unknown>(node, LB4_SERVICES), pkt.ip.dst, pp.dport, proto);
  if (!svc || svc.fe.type === 'ClusterIP') return undefined;
  const client = { ip: pkt.ip.src, port: pp.sport };
  const fe = { ip: pkt.ip.dst, port: pp.dport };
  const where = `${w.where(node)} ${LB4_SERVICES}`;
  if (svc.fe.count === 0) {
    const drop = entries<string>(node, RUNTIME_CONFIG)['service-no-backend-response'] === 'drop';
    if (drop) {
      emitFlow(w, node, pkt, { srcId: 2, dstId: 1, isReply: null, type: 'Service backend not found', verdict: 'DROPPED' });
      w.drop(
        ctx,
        { ns: node, device: dev.name, note: `cil_from_netdev: ${svc.fe.service} has no backends: Service backend not found (158)`, pkt },
        'SERVICE_BACKEND_NOT_FOUND',
      );
    } else {
      w.hop(ctx, {
        ns: node,
        kind: 'icmp',
        device: dev.name,
        note: `cil_from_netdev: ${svc.fe.service} (${fe.ip}:${fe.port}/${proto}) has no backends: tail_no_service_ipv4 answers ICMP port unreachable from the frontend`,
        pkt,
        decided: {
          table: 'bpf',
          row: `${svc.key}  0.0.0.0:0 (${svc.fe.revNat}) (0) [${svc.fe.flags.join(', ')}]`,
          where,
          path: ['cil_from_netdev', 'nodeport_lb4'],
        },
      });
      w.sendIcmpError(node, pkt, 3, 3, ctx);
    }
    return { kind: 'taken', status: 'ok' };
  }
  const key = fwdKey(proto, client, fe);
  let e = w.k.bpfLookup(node.id, NP_MAP, key) as NpEntry | undefined;
  if (!e || e.expires <= now) {
    const slot = (fnv1a(`${key}/${now}`) % svc.fe.count) + 1;
    const b = entries<Lb4Backend>(node, LB4_BACKENDS)[String(svc.slots[slot - 1].backendId)];
    const local = !!endpointOf(node, b.ip);
    const nodeIp = w.cluster.nodes.find((n) => n.netns === node.id)!.ip;
    e = { backend: { ip: b.ip, port: b.port }, client, frontend: fe, ...(local ? {} : { snat: nodeIp }), expires: now + 21_600_000 };
    w.k.bpfUpdate(node.id, NP_MAP, key, e);
    const to = local ? client : { ip: nodeIp, port: client.port };
    w.k.bpfUpdate(node.id, NP_MAP, revKey(proto, e.backend, to), e);
  }
  const src = e.snat ? { ip: e.snat, port: client.port } : client;
  const out = rewrite(pkt, src, e.backend);
  w.hop(ctx, {
    ns: node,
    kind: 'nat',
    device: dev.name,
    note: `cil_from_netdev (${dev.name}): ${fe.ip}:${fe.port}/${proto} is ${svc.fe.service} (NodePort): backend ${e.backend.ip}:${e.backend.port}${e.snat ? `, SNAT to ${e.snat} (the backend is on another node)` : ' (local)'}`,
    pkt: out,
    rewrite: {
      before: { src: client.ip, dst: fe.ip, sport: client.port, dport: fe.port },
      after: { src: src.ip, dst: e.backend.ip, sport: src.port, dport: e.backend.port },
    },
    decided: {
      table: 'bpf',
      row: `${svc.key}  0.0.0.0:0 (${svc.fe.revNat}) (0) [${svc.fe.flags.join(', ')}]`,
      where,
      path: ['cil_from_netdev', 'nodeport_lb4', `backend ${e.backend.ip}:${e.backend.port}`],
    },
  });
  const ep = endpointOf(node, e.backend.ip);
  if (ep) return deliver(out, 2);
  return forward(out);
}

/** cil_from_container's reverse NAT for a local NodePort backend answering a client (lb4_rev_nat). */
export function nodeportReverseAtLxc(env: TcEnv, pkt: Pkt): Pkt | undefined {
  const { w, ns: node } = env;
  const pp = ports(pkt);
  if (!pp || !w.k.bpfLookup) return undefined;
  const proto = pkt.l4!.kind === 'tcp' ? 'TCP' : 'UDP';
  const e = w.k.bpfLookup(node.id, NP_MAP, revKey(proto, { ip: pkt.ip.src, port: pp.sport }, { ip: pkt.ip.dst, port: pp.dport })) as NpEntry | undefined;
  if (!e || e.snat || e.expires <= w.now()) return undefined;
  return rewrite(pkt, e.frontend, e.client);
}
