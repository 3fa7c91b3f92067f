/**
 * A pod's /etc/hosts as the kubelet writes it (K8S pkg/kubelet/kubelet_pods.go
 * managedHostsFileContent): a header, the localhost lines, then the pod's IP with its
 * hostname — `<hostname>.<subdomain>.<ns>.svc.<domain>\t<hostname>` when spec.subdomain is set
 * (GeneratePodHostNameAndDomain). The hostname is spec.hostname, else the pod name.
 * hostNetwork pods get the node's own file (nodeHostsFileContent), which the lab does not model.
 *
 * getaddrinfo reads it before DNS: glibc's default `hosts: files dns` (nss/nss_database.c;
 * nss_files), musl's name_from_hosts before name_from_dns_search (src/network/lookup_name.c).
 * So a pod resolves its own name without a query, and no other pod's.
 */
import type { Cluster, PodInfo } from '../model/datapath';

export interface HostsEntry {
  readonly ip: string;
  readonly family: 4 | 6;
  /** the first name is the canonical one (h_name), the rest are aliases */
  readonly names: readonly string[];
}

export interface HostsFile {
  readonly lines: readonly string[];
  readonly entries: readonly HostsEntry[];
}

const LOCAL: readonly HostsEntry[] = [
  { ip: '127.0.0.1', family: 4, names: ['localhost'] },
  { ip: '::1', family: 6, names: ['localhost', 'ip6-localhost', 'ip6-loopback'] },
  { ip: 'fe00::0', family: 6, names: ['ip6-localnet'] },
  { ip: 'fe00::0', family: 6, names: ['ip6-mcastprefix'] },
  { ip: 'fe00::1', family: 6, names: ['ip6-allnodes'] },
  { ip: 'fe00::2', family: 6, names: ['ip6-allrouters'] },
];

/** The managed file of a pod; undefined where the lab does not know the file (a node, a hostNetwork pod). */
export function hostsFileFor(c: Cluster, pod: PodInfo | undefined): HostsFile | undefined {
  if (!pod || pod.hostNetwork) return undefined;
  const host = pod.hostname ?? pod.name.slice(0, 63);
  const own: HostsEntry[] = pod.ip
    ? [{ ip: pod.ip, family: 4, names: pod.subdomain ? [`${host}.${pod.subdomain}.${pod.namespace}.svc.${c.dns.domain}`, host] : [host] }]
    : [];
  const entries = [...LOCAL, ...own];
  return { lines: ['# Kubernetes-managed hosts file.', ...entries.map((e) => `${e.ip}\t${e.names.join('\t')}`)], entries };
}

export interface HostsMatch {
  readonly canonical: string;
  readonly aliases: readonly string[];
  readonly addresses: readonly string[];
}

/**
 * nss_files: the lines naming `name` (case-insensitive; a name with a trailing dot is compared as
 * written, so it matches no line — UNVERIFIED against glibc's files-hosts.c),
 * of one address family or both (getaddrinfo AF_UNSPEC). The canonical name is the first
 * matching line's first name, the aliases the rest of that line (glibc nss/nss_files/files-hosts.c).
 */
export function hostsLookup(file: HostsFile | undefined, name: string, family?: 4 | 6): HostsMatch | undefined {
  if (!file) return undefined;
  const n = name.toLowerCase();
  const hits = file.entries.filter((e) => (family === undefined || e.family === family) && e.names.some((x) => x.toLowerCase() === n));
  if (!hits.length) return undefined;
  return { canonical: hits[0].names[0], aliases: hits[0].names.slice(1), addresses: hits.map((e) => e.ip) };
}

/**
 * The hosts file a lookup from `netnsId` reads: a pod's managed file; elsewhere (a node, a
 * hostNetwork pod, an outside host) only the localhost lines every Linux /etc/hosts has — the
 * rest of a node's file is not modelled.
 */
export function hostsFor(c: Cluster, netnsId: string): HostsFile {
  const pod = c.pods.find((p) => p.netns === netnsId && !p.hostNetwork);
  return hostsFileFor(c, pod) ?? { lines: [], entries: LOCAL.slice(0, 2) };
}
