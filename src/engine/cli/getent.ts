/**
 * `getent hosts|ahosts|ahostsv4 KEY…`, glibc's getent (nss/getent.c hosts_keys, print_hosts,
 * ahosts_keys_int), through the pod's NSS (`files dns`): the kubelet's /etc/hosts, then the
 * resolver (trace/lookup.ts), every query walked.
 *
 *   hosts   an address key: gethostbyaddr (hosts file, then a PTR query); a name:
 *           gethostbyname2(AF_INET6) first, AF_INET only if that failed — so an IPv4 Service
 *           costs a whole AAAA search before its A search. `"%-15s %s"` + ` alias`…, one line
 *           per address; stops at the first key that fails.
 *   ahosts  getaddrinfo(AF_UNSPEC, AI_CANONNAME|AI_ADDRCONFIG): one line per address and
 *           socket type, `"%s%-*s %-6s %s"`, the canonical name on the first line only.
 *           (Simplified: AI_ADDRCONFIG is taken to see the pod's fe80:: link-local address, as
 *           on a containerd pod, so AAAA is asked; the lab does not model IPv6 addresses.)
 *
 * A key that does not resolve prints nothing; the exit status is 2 (getent.c `result = 2`).
 * musl images (Alpine) have a different getent: not modelled.
 */
import { hostsFor } from '../dns/hosts';
import type { Trace } from '../model/trace';
import { isIpv4 } from '../wire/ipv4';
import { type CommandResult, done, notModelled, type Shell } from './context';
import { getaddrinfo, libcOf, reverseLookup } from './resolve';

function hostLine(ip: string, name: string, aliases: readonly string[]): string {
  return `${ip.padEnd(15)} ${[name, ...aliases].join(' ')}`;
}

const SOCKTYPES = ['STREAM', 'DGRAM', 'RAW'];

export function getentCommand(shell: Shell, argv: readonly string[]): CommandResult {
  const [db, ...keys] = argv;
  if (libcOf(shell) === 'musl') return notModelled(shell, 'getent in a musl (Alpine) image');
  if (db !== 'hosts' && db !== 'ahosts' && db !== 'ahostsv4') return notModelled(shell, `getent ${argv.join(' ')}`.trim());
  if (keys.length === 0) return notModelled(shell, `getent ${db} (enumerating the whole hosts database)`);
  // getent parses its options with argp, anywhere on the line: an unknown one is a usage error
  // (glibc getopt's wording, argp's EX_USAGE exit 64), not a name to look up (found by npm run fuzz)
  const opt = keys.find((k) => k.startsWith('-') && k !== '-');
  if (opt !== undefined) {
    if (/^(-[si]|--service|--no-idn)/.test(opt)) return notModelled(shell, `getent ${opt}`);
    const what = opt.startsWith('--') ? `unrecognized option '${opt.split('=')[0]}'` : `invalid option -- '${opt[1]}'`;
    return done(shell, [`getent: ${what}`, "Try `getent --help' or `getent --usage' for more information."], 64);
  }
  let lab = shell.lab;
  const traces: Trace[] = [];
  const out: string[] = [];
  let status = 0;
  const at = (): Shell => ({ ...shell, lab });
  for (const key of keys) {
    if (db === 'hosts') {
      if (isIpv4(key)) {
        const line = hostsFor(lab.cluster, shell.netns.id).entries.find((e) => e.ip === key);
        if (line) out.push(hostLine(key, line.names[0], line.names.slice(1)));
        else {
          const r = reverseLookup(shell, lab, key);
          lab = r.lab;
          if (r.trace) traces.push(r.trace);
          if (!r.name) {
            status = 2;
            break;
          }
          out.push(hostLine(key, r.name, []));
        }
        continue;
      }
      if (key.includes(':')) return notModelled(shell, `getent hosts ${key} (IPv6)`);
      const v6 = getaddrinfo(at(), key, 'AAAA');
      lab = v6.lab;
      if (v6.trace) traces.push(v6.trace);
      const got = v6.addresses6.length ? v6 : getaddrinfo(at(), key, 'A');
      if (got !== v6) {
        lab = got.lab;
        if (got.trace) traces.push(got.trace);
      }
      const addrs = got === v6 ? got.addresses6 : got.addresses;
      if (!addrs.length) {
        status = 2;
        break;
      }
      const name = got.canonical ?? key;
      for (const ip of addrs) out.push(hostLine(ip, name, got.lookup?.aliases ?? []));
      continue;
    }
    const r = getaddrinfo(at(), key, db === 'ahostsv4' ? 'A' : undefined);
    lab = r.lab;
    if (r.trace) traces.push(r.trace);
    if (r.addresses6.length && db === 'ahosts')
      return notModelled(shell, `getent ahosts ${key}: IPv6 results (${r.addresses6.join(', ')}) and their sort order`);
    if (!r.addresses.length) {
      status = 2;
      continue;
    }
    r.addresses.forEach((ip, i) =>
      SOCKTYPES.forEach((sock, j) => out.push(`${ip.padEnd(15)} ${sock.padEnd(6)} ${i === 0 && j === 0 ? (r.canonical ?? key) : ''}`)),
    );
  }
  return { ...done({ ...shell, lab }, out, status), traces };
}
