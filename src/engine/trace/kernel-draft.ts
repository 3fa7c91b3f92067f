/**
 * A mutable working copy of KernelState for the duration of one probe, frozen back into a
 * plain object at the end. Copy-on-write per namespace keeps probes on 100-node clusters cheap.
 */
import type { ConntrackEntry, CtTuple, DnsCacheEntry, IpvsConn, KernelState, NeighState, PmtuEntry } from '../model/kernel-state';
import { NET_IPV4_ROUTE_MTU_EXPIRES_MS } from '../model/kernel-state';
import type { Ipv4 } from '../wire/ipv4';
import { ctKey, directionOf, type CtDir, type CtProto } from '../tables/conntrack';

type Tbl<T> = Record<string, Record<string, T>>;

const indexCache = new WeakMap<readonly ConntrackEntry[], Map<string, ConntrackEntry>>();

function addToIndex(index: Map<string, ConntrackEntry>, e: ConntrackEntry): void {
  index.set(ctKey(e.proto, e.orig), e);
  index.set(ctKey(e.proto, e.reply), e);
}

/** The tuple index of a frozen conntrack table, built once per table. */
function indexOf(entries: readonly ConntrackEntry[]): Map<string, ConntrackEntry> {
  let index = indexCache.get(entries);
  if (!index) {
    index = new Map();
    for (const e of entries) addToIndex(index, e);
    indexCache.set(entries, index);
  }
  return index;
}

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
  private bpf: Tbl<Record<string, unknown>>;
  private readonly ctChanges = new Map<string, Map<number, ConntrackEntry | null>>();
  private readonly ctLocalIndex = new Map<string, Map<string, number>>();
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
    this.bpf = { ...base.bpf } as Tbl<Record<string, unknown>>;
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
  //
  // The kernel keeps conntrack in a hash table; the lab keeps each namespace's entries in a
  // frozen array with a tuple index cached beside it (indexOf), and a probe's changes in an
  // overlay. freeze() writes the next array and derives its index from the old one, so a
  // probe costs the same with ten entries or ten thousand.

  private ctOverlay(ns: string): Map<number, ConntrackEntry | null> {
    let o = this.ctChanges.get(ns);
    if (!o) this.ctChanges.set(ns, (o = new Map()));
    return o;
  }

  conntrackOf(ns: string): readonly ConntrackEntry[] {
    return this.mergedConntrack(ns, -Infinity);
  }

  findConntrack(ns: string, proto: CtProto, tuple: CtTuple, now: number): { entry: ConntrackEntry; dir: CtDir } | undefined {
    const key = ctKey(proto, tuple);
    const o = this.ctChanges.get(ns);
    let e: ConntrackEntry | undefined;
    const local = o && this.ctLocalIndex.get(ns)?.get(key);
    if (local !== undefined) e = o!.get(local) ?? undefined;
    if (!e) {
      const base = this.conntrack[ns];
      const hit = base && base.length ? indexOf(base).get(key) : undefined;
      if (hit && !o?.has(hit.id)) e = hit;
    }
    if (!e || e.expires <= now) return undefined;
    const dir = directionOf(e, proto, tuple);
    return dir ? { entry: e, dir } : undefined;
  }

  nextCtId(): number {
    return this.ctId++;
  }

  /** Inserts a confirmed entry (nf_conntrack_confirm). */
  confirmConntrack(ns: string, e: ConntrackEntry, _now: number): void {
    this.updateConntrack(ns, e);
  }

  /** Sets an entry (new, or its state, timeout or NAT changed). */
  updateConntrack(ns: string, e: ConntrackEntry): void {
    this.ctOverlay(ns).set(e.id, e);
    let idx = this.ctLocalIndex.get(ns);
    if (!idx) this.ctLocalIndex.set(ns, (idx = new Map()));
    idx.set(ctKey(e.proto, e.orig), e.id);
    idx.set(ctKey(e.proto, e.reply), e.id);
  }

  removeConntrack(ns: string, id: number): void {
    this.ctOverlay(ns).set(id, null);
  }

  /** The namespace's entries after this probe's changes, without those expired by `now`. */
  private mergedConntrack(ns: string, now: number): ConntrackEntry[] {
    const base = this.conntrack[ns] ?? [];
    const o = this.ctChanges.get(ns);
    const out: ConntrackEntry[] = [];
    for (const e of base) {
      const c = o?.get(e.id);
      const cur = c === undefined ? e : c;
      if (cur && cur.expires > now) out.push(cur);
    }
    if (o) {
      const ids = new Set(base.map((x) => x.id));
      for (const [id, e] of o) if (e && e.expires > now && !ids.has(id)) out.push(e);
    }
    return out;
  }

  private frozenConntrack(now: number): Record<string, readonly ConntrackEntry[]> {
    const out = { ...this.conntrack };
    for (const ns of this.ctChanges.keys()) {
      const base = this.conntrack[ns] ?? [];
      const o = this.ctChanges.get(ns)!;
      const baseById = new Map(base.map((e) => [e.id, e]));
      const next = base.map((e) => (o.has(e.id) ? o.get(e.id)! : e)).filter((e): e is ConntrackEntry => e !== null);
      for (const [id, e] of o) if (e && !baseById.has(id)) next.push(e);
      // the GC: expired entries go once a table is big enough to matter
      const live = next.length > 256 ? next.filter((e) => e.expires > now) : next;
      const index = live.length === next.length && base.length ? new Map(indexOf(base)) : new Map<string, ConntrackEntry>();
      if (index.size === 0) for (const e of live) addToIndex(index, e);
      else {
        for (const [id, e] of o) {
          const old = baseById.get(id);
          if (old) {
            index.delete(ctKey(old.proto, old.orig));
            index.delete(ctKey(old.proto, old.reply));
          }
          if (e) addToIndex(index, e);
        }
      }
      indexCache.set(live, index);
      out[ns] = live;
    }
    return out;
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

  // eBPF maps the datapath writes (conntrack, events) -----------------------------------

  bpfLookup(ns: string, map: string, key: string): unknown {
    return this.bpf[ns]?.[map]?.[key];
  }

  bpfEntries(ns: string, map: string): Readonly<Record<string, unknown>> {
    return this.bpf[ns]?.[map] ?? {};
  }

  /** bpf_map_update_elem, or delete with `undefined` */
  bpfUpdate(ns: string, map: string, key: string, value: unknown): void {
    const maps = this.own(this.bpf, 'bpf', ns);
    const next = { ...(maps[map] ?? {}) };
    if (value === undefined) delete next[key];
    else next[key] = value;
    maps[map] = next;
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
      conntrack: this.frozenConntrack(now),
      ipId: this.ipId,
      ephemeralPort: this.ephemeralPort,
      ctId: this.ctId,
      rng: this.rng,
      recent: this.recent,
      ipvsConns: this.ipvsConns,
      ipvsRr: this.ipvsRr,
      dnsCache: this.dnsCache,
      ...(Object.keys(this.bpf).length ? { bpf: this.bpf } : {}),
    };
  }
}
