/**
 * IPVS tables as ipvsadm 1.26 prints them (IPVSADM ipvsadm.c print_title, print_service_entry,
 * print_conn, list_all; libipvs/libipvs.c ipvs_cmp_services, ipvs_cmp_dests):
 *
 *   IP Virtual Server version 1.2.1 (size=4096)
 *   Prot LocalAddress:Port Scheduler Flags
 *     -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
 *   TCP  10.96.0.10:53 rr
 *     -> 10.244.1.2:53                Masq    1      0          0  
 *
 * A service is `"%s  %s"` (protocol, ip:port) cut at 33 characters, then ` sched` and
 * ` persistent N`; a dest is `"  -> %-28s %-7s %-6d %-10u %-10u"`, so every dest line ends in
 * spaces. Services sort by protocol, then by `(int)(ntohl(a) - ntohl(b))` — a u32 difference
 * read as a signed int, so 192.168.x sorts before 10.x — then by port; dests by address and
 * port the same way. The sort is glibc's qsort, a merge sort (msort.c), reproduced here
 * because that comparison is not transitive. Only numeric output (-n) is modelled: without
 * it ipvsadm resolves ports through /etc/services.
 */
import type { IpvsDest, IpvsService } from '../model/datapath';
import type { IpvsConn } from '../model/kernel-state';
import { ipToInt } from '../wire/ipv4';
import { destCounters, type DestCounters } from './ipvs';

/** NVERSION(IP_VS_VERSION_CODE 0x010201) and the default connection table size (CONFIG_IP_VS_TAB_BITS=12). */
export const IPVS_VERSION_LINE = 'IP Virtual Server version 1.2.1 (size=4096)';
export const IPVS_TITLE = ['Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];

const PROTO_NUMBER: Readonly<Record<IpvsService['proto'], number>> = { tcp: 6, udp: 17 };

/** `(int)(ntohl(a) - ntohl(b))`: the u32 difference as a C int. */
function addrDiff(a: string, b: string): number {
  return (ipToInt(a) - ipToInt(b)) | 0;
}

/** ipvs_cmp_services (fwmark and af are equal for kube-proxy's services). */
export function compareServices(a: IpvsService, b: IpvsService): number {
  return PROTO_NUMBER[a.proto] - PROTO_NUMBER[b.proto] || addrDiff(a.vip, b.vip) || a.port - b.port;
}

/** ipvs_cmp_dests. */
export function compareDests(a: IpvsDest, b: IpvsDest): number {
  return addrDiff(a.ip, b.ip) || a.port - b.port;
}

/** glibc qsort (stdlib/msort.c msort_with_tmp): split n/2, sort both halves, merge taking the left on `cmp <= 0`. */
export function qsort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const n1 = Math.floor(items.length / 2);
  const left = qsort(items.slice(0, n1), cmp);
  const right = qsort(items.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(cmp(left[i], right[j]) <= 0 ? left[i++] : right[j++]);
  return [...out, ...left.slice(i), ...right.slice(j)];
}

/** `TCP  10.96.0.10:53 rr persistent 10800` (print_service_entry; IPv4 names are cut at 33). */
export function serviceLine(s: IpvsService): string {
  const name = `${s.proto.toUpperCase()}  ${s.vip}:${s.port}`.slice(0, 33);
  return `${name} ${s.scheduler}${s.persistent !== undefined ? ` persistent ${s.persistent}` : ''}`;
}

/** `  -> 10.244.1.2:53                Masq    1      0          0         ` (kube-proxy's dests are all Masq). */
export function destLine(d: IpvsDest, c: DestCounters): string {
  const name = `${d.ip}:${d.port}`.slice(0, 28);
  return `  -> ${name.padEnd(28)} ${'Masq'.padEnd(7)} ${String(d.weight).padEnd(6)} ${String(c.active).padEnd(10)} ${String(c.inactive).padEnd(10)}`;
}

/** One service and its dests in ipvsadm order, with the counters of the live connections. */
export function serviceBlock(s: IpvsService, conns: readonly IpvsConn[]): string[] {
  return [serviceLine(s), ...qsort(s.dests, compareDests).map((d) => destLine(d, destCounters(conns, s, d)))];
}

/** `ipvsadm -Ln`; `conns` are the live connections of the namespace. */
export function ipvsadmList(services: readonly IpvsService[], conns: readonly IpvsConn[]): string[] {
  return [IPVS_VERSION_LINE, ...IPVS_TITLE, ...qsort(services, compareServices).flatMap((s) => serviceBlock(s, conns))];
}

/** `ipvsadm -Ln -t|-u VIP:PORT` (list_service: the title, no version line). */
export function ipvsadmListService(s: IpvsService, conns: readonly IpvsConn[]): string[] {
  return [...IPVS_TITLE, ...serviceBlock(s, conns)];
}

/** `ipvsadm -Sn` (FMT_RULE): `-A -t VIP:PORT -s rr [-p N]` and `-a -t VIP:PORT -r DEST:PORT -m -w 1`. */
export function ipvsadmSave(services: readonly IpvsService[]): string[] {
  return qsort(services, compareServices).flatMap((s) => {
    const svc = `${s.proto === 'tcp' ? '-t' : '-u'} ${s.vip}:${s.port}`;
    const head = `-A ${svc} -s ${s.scheduler}${s.persistent !== undefined ? ` -p ${s.persistent}` : ''}`;
    return [head, ...qsort(s.dests, compareDests).map((d) => `-a ${svc} -r ${`${d.ip}:${d.port}`.slice(0, 28)} -m -w ${d.weight}`)];
  });
}

/** One `ipvsadm -Lnc` line: `"%-3s %-6s %-11s %-18s %-18s %s"` (protocol, mm:ss left, state, client, virtual, real server). */
export function connLine(c: IpvsConn, now: number): string {
  const left = Math.max(0, Math.floor((c.expires - now) / 1000));
  const expire = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  const state = c.state ?? (c.proto === 'udp' ? 'UDP' : 'NONE');
  return `${c.proto.toUpperCase().padEnd(3)} ${expire.padEnd(6)} ${state.padEnd(11)} ${`${c.client.ip}:${c.client.port}`.padEnd(18)} ${`${c.vip.ip}:${c.vip.port}`.padEnd(18)} ${c.dest.ip}:${c.dest.port}`;
}

export const IPVS_CONN_TITLE = ['IPVS connection entries', `pro expire ${'state'.padEnd(11)} ${'source'.padEnd(18)} ${'virtual'.padEnd(18)} destination`];

/**
 * `ipvsadm -Lnc` (list_conn reads /proc/net/ip_vs_conn): the kernel walks its connection hash
 * table, whose order depends on a boot-time random; the lab lists connections as they were made.
 */
export function ipvsadmConnections(conns: readonly IpvsConn[], now: number): string[] {
  return [...IPVS_CONN_TITLE, ...conns.filter((c) => c.expires > now).map((c) => connLine(c, now))];
}
