/**
 * Resolving a probe's `from` / `to` (SCENARIOS.md): a pod name (optionally `ns/name`), a
 * node name, an IP, `ip:port`, an outside host's name, or `external`.
 */
import type { Cluster } from '../model/datapath';
import { isIpv4, type Ipv4 } from '../wire/ipv4';

export interface Endpoint {
  /** netns id the packet starts in or is meant for (undefined: an address nobody owns) */
  readonly netns?: string;
  readonly ip: Ipv4;
  readonly port?: number;
  /** what the learner typed, for messages */
  readonly label: string;
}

export type Resolved = { readonly ok: true; readonly endpoint: Endpoint } | { readonly ok: false; readonly error: string };

function splitPort(s: string): { host: string; port?: number } {
  const m = /^(.*):(\d{1,5})$/.exec(s);
  if (m && Number(m[2]) <= 65535) return { host: m[1], port: Number(m[2]) };
  return { host: s };
}

/** The netns that owns an address (the first interface holding it). */
export function ownerOf(c: Cluster, ip: Ipv4): string | undefined {
  for (const ns of Object.values(c.netns)) {
    if (ns.interfaces.some((d) => d.kind !== 'loopback' && d.addrs.some((a) => a.ip === ip))) return ns.id;
  }
  return undefined;
}

export function resolveEndpoint(c: Cluster, spec: string): Resolved {
  const { host, port } = splitPort(spec.trim());
  if (isIpv4(host)) return { ok: true, endpoint: { ip: host, port, netns: ownerOf(c, host), label: spec } };
  if (host === 'external') {
    const e = c.externals[0];
    if (!e) return { ok: false, error: 'the scenario has no cluster.externalHosts to stand for "external"' };
    return { ok: true, endpoint: { ip: e.ip, port, netns: e.netns, label: e.name } };
  }
  const [ns, name] = host.includes('/') ? host.split('/', 2) : [undefined, host];
  const pods = c.pods.filter((p) => p.name === name && (ns === undefined || p.namespace === ns));
  if (pods.length > 1)
    return { ok: false, error: `"${host}" names pods in several namespaces (${pods.map((p) => p.namespace).join(', ')}): write namespace/name` };
  if (pods.length === 1) {
    const p = pods[0];
    if (!p.ip) return { ok: false, error: `pod ${p.namespace}/${p.name} has no IP (${p.status}: ${p.statusReason ?? 'not running'})` };
    return { ok: true, endpoint: { ip: p.ip, port, netns: p.netns, label: `${p.namespace}/${p.name}` } };
  }
  const node = c.nodes.find((n) => n.name === host);
  if (node) return { ok: true, endpoint: { ip: node.ip, port, netns: node.netns, label: node.name } };
  const ext = c.externals.find((e) => e.name === host);
  if (ext) return { ok: true, endpoint: { ip: ext.ip, port, netns: ext.netns, label: ext.name } };
  return { ok: false, error: `"${host}" is not a pod, node, outside host or IPv4 address in this scenario (DNS names arrive with CoreDNS)` };
}
