/**
 * A mutable working copy of KernelState for the duration of one probe, frozen back into a
 * plain object at the end. Copy-on-write per namespace keeps probes on 100-node clusters cheap.
 */
import type { ConntrackEntry, KernelState, NeighState, PmtuEntry } from '../model/kernel-state';
import { NET_IPV4_ROUTE_MTU_EXPIRES_MS } from '../model/kernel-state';
import type { Ipv4 } from '../wire/ipv4';

type Tbl<T> = Record<string, Record<string, T>>;

export class KernelDraft {
  private pmtu: Tbl<PmtuEntry>;
  private neigh: Tbl<NeighState>;
  private fdb: Tbl<string>;
  private conntrack: Record<string, readonly ConntrackEntry[]>;
  private touched = new Set<string>();
  ipId: number;
  ephemeralPort: number;

  constructor(private readonly base: KernelState) {
    this.pmtu = { ...base.pmtu };
    this.neigh = { ...base.neigh };
    this.fdb = { ...base.fdb };
    this.conntrack = { ...base.conntrack };
    this.ipId = base.ipId;
    this.ephemeralPort = base.ephemeralPort;
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

  conntrackOf(ns: string): readonly ConntrackEntry[] {
    return this.conntrack[ns] ?? [];
  }

  addConntrack(ns: string, e: ConntrackEntry): void {
    this.conntrack[ns] = [...(this.conntrack[ns] ?? []), e];
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
    };
  }
}
