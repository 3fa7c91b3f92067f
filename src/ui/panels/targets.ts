/**
 * What the send form's "To" field offers and accepts. Suggestions: the places (pods, nodes,
 * outside hosts), then each Service by short name and FQDN, its ClusterIP:port, and its
 * NodePorts on every node. Any other text is accepted when it has the shape of a
 * destination the engine takes (a name, `namespace/pod`, an IPv4 address, either with
 * `:port`); whether it resolves or answers is the engine's to say, not the form's.
 */
import type { Cluster } from '../../engine';
import { placesOf, type Place } from './endpoints';

export interface Suggestion {
  readonly value: string;
  readonly label: string;
}

/** `places`: placesOf(c), when the caller has it already (2,000 pods: issue 9). */
export function toSuggestions(c: Cluster, places: readonly Place[] = placesOf(c)): Suggestion[] {
  const out: Suggestion[] = places.map((p) => ({ value: p.value, label: p.label }));
  const domain = c.dns.domain;
  for (const svc of c.api.services) {
    if (svc.type === 'ExternalName' || !svc.clusterIP) continue;
    const fqdn = `${svc.name}.${svc.namespace}.svc.${domain}`;
    const tcp = svc.ports.find((p) => p.protocol === 'TCP') ?? svc.ports[0];
    out.push({ value: `${svc.name}.${svc.namespace}`, label: `Service ${svc.namespace}/${svc.name} by its short name` });
    out.push({ value: fqdn, label: `Service ${svc.namespace}/${svc.name} (FQDN)` });
    if (tcp) out.push({ value: `${fqdn}:${tcp.port}`, label: `Service ${svc.namespace}/${svc.name} port ${tcp.port}` });
    if (svc.clusterIP !== 'None' && tcp) out.push({ value: `${svc.clusterIP}:${tcp.port}`, label: `Service ${svc.namespace}/${svc.name} ClusterIP` });
    for (const p of svc.ports)
      if (p.nodePort)
        for (const n of c.nodes) out.push({ value: `${n.name}:${p.nodePort}`, label: `Service ${svc.namespace}/${svc.name} NodePort on ${n.name}` });
  }
  const seen = new Set<string>();
  return out.filter((s) => !seen.has(s.value) && seen.add(s.value));
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;

function isName(host: string): boolean {
  const bare = host.endsWith('.') ? host.slice(0, -1) : host;
  const parts = bare.split('/');
  if (parts.length > 2 || bare.length > 253) return false;
  return parts.every((p) => p.length > 0 && p.split('.').every((l) => l.length <= 63 && LABEL.test(l)));
}

/** Why `text` is no destination, or null when it has the shape of one. */
export function destinationError(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Enter a destination: a pod, node, Service name, IP address or ip:port.';
  if (/\s/.test(t)) return 'One destination, without spaces (e.g. web.prod:80).';
  const m = /^(.*):([^:]*)$/.exec(t);
  const host = m ? m[1] : t;
  if (m) {
    if (!/^\d+$/.test(m[2])) return `After “:” comes a port number, not “${m[2]}”.`;
    const port = Number(m[2]);
    if (port < 1 || port > 65535) return `Port ${m[2]} is out of range: 1–65535.`;
    if (!host) return 'Put the address or name before the port (e.g. 10.96.0.10:53).';
  }
  if (/^[\d.]+$/.test(host)) {
    const octets = host.split('.');
    if (octets.length !== 4 || octets.some((o) => o === '' || Number(o) > 255)) return `${host} is not an IPv4 address (four numbers 0–255).`;
    return null;
  }
  if (!isName(host)) return `${host} is not a name the resolver can look up: letters, digits, “-” and “.” only.`;
  return null;
}
