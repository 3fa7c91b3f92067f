/**
 * Name resolution on behalf of the terminal's tools, always through the engine: a `dns` probe
 * runs the sender's getaddrinfo (trace/lookup.ts: /etc/hosts first, then the resolv.conf search
 * with every query walked), and reverse lookups are getnameinfo's: the hosts file, then one
 * PTR query for `d.c.b.a.in-addr.arpa.` with no search list (glibc gethostbyaddr_r → nss_files,
 * nss_dns _nss_dns_gethostbyaddr2_r → res_query).
 *
 * A real tool knows no pod names: `ping web-1` asks DNS for web-1 and fails, as it does in a
 * cluster. The tools' failure texts use the pod's libc (glibc or musl gai_strerror).
 */
import type { Lab } from '../lab';
import { runProbe } from '../lab-core';
import { hostsFor } from '../dns/hosts';
import { gaiStrerror, type Libc, type LookupError } from '../dns/resolver';
import type { LookupTrace } from '../trace/lookup';
import { isDnsName } from '../trace/endpoints';
import type { Trace } from '../model/trace';
import type { DnsType } from '../wire/app-data';
import type { Shell } from './context';

export interface Resolved {
  readonly lab: Lab;
  readonly trace?: Trace;
  readonly lookup?: LookupTrace;
  /** IPv4 addresses in the order getaddrinfo returned them */
  readonly addresses: readonly string[];
  /** IPv6 addresses (only the hosts file has any in the lab) */
  readonly addresses6: readonly string[];
  readonly canonical?: string;
  readonly error?: LookupError;
}

/** The libc whose resolver and messages the shell's tools use. */
export function libcOf(shell: Shell): Libc {
  return shell.pod && !shell.pod.hostNetwork ? shell.pod.libc : 'glibc';
}

/** getaddrinfo(name): one `dns` probe (A + AAAA, or the one family `qtype` names). */
export function getaddrinfo(shell: Shell, name: string, qtype?: Extract<DnsType, 'A' | 'AAAA'>): Resolved {
  // a name that is no hostname is refused before any query (glibc nss_dns dns-host.c check_name; musl lookup_name.c is_valid_hostname)
  if (!isDnsName(name)) return { lab: shell.lab, addresses: [], addresses6: [], error: 'EAI_NONAME' };
  const r = runProbe(shell.lab, { id: `getaddrinfo ${name}`, from: shell.from, to: name, protocol: 'dns', ...(qtype ? { qtype } : {}) });
  const lookup = r.trace.lookup;
  const addresses = lookup?.addresses ?? [];
  const addresses6 = lookup?.addresses6 ?? [];
  const error = addresses.length || addresses6.length ? undefined : (lookup?.error ?? 'EAI_AGAIN');
  return {
    lab: r.lab,
    trace: r.trace,
    ...(lookup ? { lookup } : {}),
    addresses,
    addresses6,
    ...(lookup?.canonical ? { canonical: lookup.canonical } : {}),
    ...(error ? { error } : {}),
  };
}

/** gai_strerror of the shell's libc. */
export function gaiText(shell: Shell, e: LookupError): string {
  return gaiStrerror(e, libcOf(shell));
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa.` (RFC 1035 §3.5). */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;
}

/**
 * getnameinfo(ip) without NI_NUMERICHOST: the hosts file's name for the address, else the PTR
 * answer's target (no trailing dot), else undefined (the caller prints the address).
 */
export function reverseLookup(shell: Shell, lab: Lab, ip: string): { lab: Lab; name?: string; trace?: Trace } {
  const file = hostsFor(lab.cluster, shell.netns.id);
  const line = file.entries.find((e) => e.ip === ip);
  if (line) return { lab, name: line.names[0] };
  const r = runProbe(lab, { id: `getnameinfo ${ip}`, from: shell.from, to: reverseName(ip), protocol: 'dns', qtype: 'PTR' });
  const ptr = r.trace.lookup?.queries.flatMap((q) => q.answers).find((a) => a.type === 'PTR');
  return { lab: r.lab, trace: r.trace, ...(ptr ? { name: ptr.data.replace(/\.$/, '') } : {}) };
}
