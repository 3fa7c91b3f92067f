/**
 * A mutable working copy of KernelState for the duration of one probe, frozen back into a
 * plain object at the end. Copy-on-write per namespace keeps probes on 100-node clusters cheap.
 */
import type { ConntrackEntry, CtTuple, DnsCacheEntry, IpvsConn, KernelState, NeighState, PmtuEntry } from '../model/kernel-state';
import { NET_IPV4_ROUTE_MTU_EXPIRES_MS } from '../model/kernel-state';
import type { Ipv4 } from '../wire/ipv4';
import { findEntry, type CtDir, type CtProto } from '../tables/conntrack';

type Tbl<T> = Record<string, Record<string, T>>;

/** mulberry32 (Tommy Ettinger): one 32-bit state, well mixed from the first draw on. */
export function nextRandom(state: number): { state: number; value: number } {
  const s = (state + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return { state: s, value: (t ^ (t >>> 14)) >>> 0 };
}

export class KernelDraft {
  private pmtu: Tbl<PmtuEntry>;
  private neigh: Tbl<NeighState>;
  private fdb: Tbl<string>;
  private conntrack: Record<string, readonly ConntrackEntry[]>;
  private recent: Record<string, Tbl<number>>;
  private ipvsConns: Record<string, readonly IpvsConn[]>;
  private ipvsRr: Tbl<number>;
  private dnsCache: Tbl<DnsCacheEntry>;
  private touched = new Set<string>();
  ipId: number;
  ephemeralPort: number;
  ctId: number;
  rng: number;

  constructor(private readonly base: KernelState) {
    this.pmtu = { ...base.pmtu };
    this.neigh = { ...base.neigh };
    this.fdb = { ...base.fdb };
    this.conntrack = { ...base.conntrack };
    this.recent = { ...base.recent } as Record<string, Tbl<number>>;
    this.ipvsConns = { ...base.ipvsConns };
    this.ipvsRr = { ...base.ipvsRr };
    this.dnsCache = { ...base.dnsCache };
    this.ipId = base.ipId;
    this.ephemeralPort = base.ephemeralPort;
    this.ctId = base.ctId;
    this.rng = base.rng;
  }

  get start(): number {
    return this.base.now;
  }

  private own<T>(t: Tbl<T>, kind: string, ns: string): Record<string, T> {
    const key = `${kind}:${ns}`;
    if (!this.touched.has(key)) {
      t[ns] = { ...(t[ns] ?? {}) };
      this.touched.add(key);
    }
    return t[ns];
  }

  /** The cached path MTU towards `dst`, if one is live at absolute time `now`. */
  pmtuOf(ns: string, dst: Ipv4, now: number): number | undefined {
    const e = this.pmtu[ns]?.[dst];
    return e && e.expires > now ? e.mtu : undefined;
  }

  learnPmtu(ns: string, dst: Ipv4, mtu: number, now: number): void {
    this.own(this.pmtu, 'pmtu', ns)[dst] = { mtu, expires: now + NET_IPV4_ROUTE_MTU_EXPIRES_MS };
  }

  /** This namespace's learned neighbour and bridge FDB entries, read without copying. */
  neighTable(ns: string): Readonly<Record<string, NeighState>> | undefined {
    return this.neigh[ns];
  }

  fdbTable(ns: string): Readonly<Record<string, string>> | undefined {
    return this.fdb[ns];
  }

  neighOf(ns: string, key: string): NeighState | undefined {
    return this.neigh[ns]?.[key];
  }

  setNeigh(ns: string, key: string, s: NeighState): void {
    this.own(this.neigh, 'neigh', ns)[key] = s;
  }

  fdbOf(ns: string, key: string): string | undefined {
    return this.fdb[ns]?.[key];
  }

  learnFdb(ns: string, key: string, port: string): void {
    if (this.fdb[ns]?.[key] === port) return;
    this.own(this.fdb, 'fdb', ns)[key] = port;
  }

  // conntrack ---------------------------------------------------------------------------

  conntrackOf(ns: string): readonly ConntrackEntry[] {
    return this.conntrack[ns] ?? [];
  }

  findConntrack(ns: string, proto: CtProto, t: CtTuple, now: number): { entry: ConntrackEntry; dir: CtDir } | undefined {
    const entries = this.conntrack[ns];
    return entries ? findEntry(entries, proto, t, now) : undefined;
  }

  nextCtId(): number {
    return this.ctId++;
  }

  /** Inserts a confirmed entry (nf_conntrack_confirm), dropping expired ones on the way (the GC). */
  confirmConntrack(ns: string, e: ConntrackEntry, now: number): void {
    this.conntrack[ns] = [...(this.conntrack[ns] ?? []).filter((x) => x.expires > now && x.id !== e.id), e];
  }

  updateConntrack(ns: string, e: ConntrackEntry): void {
    const list = this.conntrack[ns] ?? [];
    const i = list.findIndex((x) => x.id === e.id);
    if (i < 0) return;
    const next = list.slice();
    next[i] = e;
    this.conntrack[ns] = next;
  }

  removeConntrack(ns: string, id: number): void {
    this.conntrack[ns] = (this.conntrack[ns] ?? []).filter((x) => x.id !== id);
  }

  // randomness --------------------------------------------------------------------------

  /** get_random_u32(): the next draw of the lab's seeded generator. */
  random32(): number {
    const r = nextRandom(this.rng);
    this.rng = r.state;
    return r.value;
  }

  // xt_recent ---------------------------------------------------------------------------

  recentAge(ns: string, list: string, key: string, now: number): number | undefined {
    const seen = this.recent[ns]?.[list]?.[key];
    return seen === undefined ? undefined : (now - seen) / 1000;
  }

  recentSet(ns: string, list: string, key: string, now: number): void {
    const lists = this.own(this.recent, 'recent', ns);
    lists[list] = { ...(lists[list] ?? {}), [key]: now };
  }

  recentForget(ns: string, list: string, key: string): void {
    const lists = this.own(this.recent, 'recent', ns);
    if (!lists[list]?.[key]) return;
    const { [key]: _gone, ...rest } = lists[list];
    lists[list] = rest;
  }

  // IPVS --------------------------------------------------------------------------------

  ipvsConnsOf(ns: string, now: number): readonly IpvsConn[] {
    return (this.ipvsConns[ns] ?? []).filter((c) => c.expires > now);
  }

  setIpvsConns(ns: string, conns: readonly IpvsConn[]): void {
    this.ipvsConns[ns] = conns;
  }

  ipvsRrOf(ns: string, service: string): number | undefined {
    return this.ipvsRr[ns]?.[service];
  }

  setIpvsRr(ns: string, service: string, index: number): void {
    this.own(this.ipvsRr, 'ipvsRr', ns)[service] = index;
  }

  // CoreDNS cache -----------------------------------------------------------------------

  dnsCached(ns: string, key: string, now: number): DnsCacheEntry | undefined {
    const e = this.dnsCache[ns]?.[key];
    return e && e.expires > now ? e : undefined;
  }

  cacheDns(ns: string, key: string, e: DnsCacheEntry): void {
    this.own(this.dnsCache, 'dnsCache', ns)[key] = e;
  }

  nextIpId(): number {
    this.ipId = (this.ipId + 1) % 65536;
    return this.ipId;
  }

  nextPort(): number {
    this.ephemeralPort = this.ephemeralPort >= 60999 ? 32768 : this.ephemeralPort + 1;
    return this.ephemeralPort;
  }

  freeze(now: number): KernelState {
    return {
      ...this.base,
      now,
      pmtu: this.pmtu,
      neigh: this.neigh,
      fdb: this.fdb,
      conntrack: this.conntrack,
      ipId: this.ipId,
      ephemeralPort: this.ephemeralPort,
      ctId: this.ctId,
      rng: this.rng,
      recent: this.recent,
      ipvsConns: this.ipvsConns,
      ipvsRr: this.ipvsRr,
      dnsCache: this.dnsCache,
    };
  }
}
