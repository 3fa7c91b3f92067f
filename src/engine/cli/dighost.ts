/**
 * What dig and nslookup share (bind9 9.18 bin/dig/dighost.c): resolv.conf settings, the
 * search-list order, and sending one question to the servers in turn.
 *
 * Settings (setup_system; lib/irs/resconf.c defaults): ndots from resolv.conf (default 1);
 * tries = `options attempts:` or 3 — glibc's default of 2 does not apply; the UDP timeout per
 * try = `options timeout:` or 5 s (UDP_TIMEOUT).
 *
 * Search (setup_lookup, next_origin): a name with a trailing dot, or searching off → as-is
 * only. dots ≥ ndots → as-is only (next_origin stops once the name has more than ndots
 * labels). Otherwise each search domain, then as-is. Only NXDOMAIN moves to the next name.
 *
 * Servers: each server gets `tries` tries; every failed try prints
 * `;; communications error to 10.96.0.10#53: timed out` (9.18.29+ wording, isc_result_totext);
 * when the last server's last try fails, `;; no servers could be reached`.
 */
import type { Lab } from '../lab';
import type { ResolvConf } from '../dns/resolver';
import { resolverOptions } from '../dns/resolver';
import { runDnsQuery, type DnsQueryResult } from '../trace/dig-query';
import type { Trace } from '../model/trace';
import type { DnsType } from '../wire/app-data';
import { absolute } from './dns-format';

/** The bind9 version the lab's dig, nslookup and host stand for (dnsutils on Debian 12). */
export const BIND_VERSION = '9.18.33-1~deb12u2-Debian';

export interface BindSettings {
  readonly ndots: number;
  readonly tries: number;
  readonly timeoutMs: number;
}

export function bindSettings(rc: ResolvConf, override: { tries?: number; timeoutSec?: number } = {}): BindSettings {
  const has = (n: string) => rc.options.some((o) => o.name === n && o.value !== undefined);
  const o = resolverOptions(rc);
  return {
    ndots: o.ndots,
    tries: override.tries ?? (has('attempts') ? Math.max(1, o.attempts) : 3),
    timeoutMs: (override.timeoutSec ?? (has('timeout') ? Math.max(1, o.timeout) : 5)) * 1000,
  };
}

/** The names tried, in order (each fully qualified). */
export function bindCandidates(name: string, rc: ResolvConf, search: boolean, ndots: number): string[] {
  if (name.endsWith('.') || !search) return [absolute(name)];
  const dots = name.split('.').length - 1;
  if (dots >= ndots) return [absolute(name)];
  return [...rc.search.map((d) => absolute(`${name}.${d.replace(/\.$/, '')}`)), absolute(name)];
}

export interface Asked {
  readonly lab: Lab;
  readonly traces: readonly Trace[];
  /** `;; communications error …` lines, in order */
  readonly warnings: readonly string[];
  /** the server that answered, and its answer */
  readonly answered?: { readonly server: string; readonly result: DnsQueryResult; readonly at: number };
}

/** One question to `servers` in turn until one answers. `at`: lab ms when the answer arrived. */
export function askServers(lab: Lab, from: string, servers: readonly string[], name: string, qtype: DnsType, edns: number, s: BindSettings): Asked {
  let cur = lab;
  const traces: Trace[] = [];
  const warnings: string[] = [];
  for (const server of servers) {
    const startNow = cur.kernel.now;
    const r = runDnsQuery(cur, from, { server, name, qtype, edns, timeoutMs: s.timeoutMs, tries: s.tries });
    cur = r.lab;
    traces.push(r.trace);
    for (const f of r.result.failures) warnings.push(`;; communications error to ${server}#53: ${f}`);
    const a = r.result.answer;
    if (a) return { lab: cur, traces, warnings, answered: { server, result: r.result, at: startNow + a.start + a.elapsed } };
  }
  return { lab: cur, traces, warnings };
}
