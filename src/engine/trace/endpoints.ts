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

export type Resolved =
  | { readonly ok: true; readonly endpoint: Endpoint }
  /** `dnsName`: not a scenario reference, so a name for the sender's resolver to look up */
  | { readonly ok: false; readonly error: string; readonly dnsName?: string; readonly port?: number };

/** A hostname as RFC 1123 allows it (letters, digits, hyphens, dots; an optional trailing dot). */
export function isDnsName(s: string): boolean {
  return /^(?=.{1,253}\.?$)([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)(\.[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)*\.?$/i.test(s);
}

function splitPort(s: string): { host: string; port?: number } {
  const m = /^(.*):(\d{1,5})$/.exec(s);
  if (m && Number(m[2]) <= 65535) return { host: m[1], port: Number(m[2]) };
  return { host: s };
}

const owners = new WeakMap<Cluster['netns'], Map<Ipv4, string>>();

/**
 * The netns that owns an address (the first, in the cluster's order, with a non-loopback
 * interface holding it). From a table made once per namespace record — a new record whenever
 * any namespace changes — instead of a scan of every namespace (2,000 pods: one per probe).
 */
export function ownerOf(c: Cluster, ip: Ipv4): string | undefined {
  let m = owners.get(c.netns);
  if (!m) {
    m = new Map();
    for (const ns of Object.values(c.netns))
      for (const d of ns.interfaces) if (d.kind !== 'loopback') for (const a of d.addrs) if (!m.has(a.ip)) m.set(a.ip, ns.id);
    owners.set(c.netns, m);
  }
  return m.get(ip);
}

/**
 * `from` and `to` (SCENARIOS.md): an IP or ip:port, `external`, a pod (`ns/name` or a name),
 * a node. These are scenario references — the lab takes the address from the scenario, no DNS.
 * For `to`, anything else that is a hostname is for the sender's resolver (a Service name, an
 * FQDN, an outside host's name); for `from`, an outside host can be named too (it sends).
 */
export function resolveEndpoint(c: Cluster, spec: string, role: 'from' | 'to' = 'from'): Resolved {
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
  if (ext && role === 'from') return { ok: true, endpoint: { ip: ext.ip, port, netns: ext.netns, label: ext.name } };
  if (role === 'to' && isDnsName(host)) return { ok: false, error: `"${host}" is looked up by the sender's resolver`, dnsName: host, port };
  return { ok: false, error: `"${host}" is not a pod, node, outside host or IPv4 address in this scenario` };
}
