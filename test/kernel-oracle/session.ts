/**
 * One oracle run against the engine: an evolving Lab, a wall clock, and what tcpdump and
 * the kernel counters would have recorded (ICMP errors, underlay frames, neighbour states).
 *
 * Time: each probe starts when the previous one ended (ping exits after `elapsed`), or at
 * the engine's own clock if that is later. Events inside a trace (hop.t) are placed on the
 * same clock, so an ICMP error that arrives after ping gave up still lands in a capture
 * that is running then — as with the dead-gateway case's first -W1 ping.
 */
import { ownerOf, resolveEndpoint, runProbe, type Header, type Ipv4Header, type Lab, type ProbeSpec, type Trace } from '../../src/engine';
import { classOf, icmpLine } from './facts';

export interface Sent {
  readonly probe: ProbeSpec;
  readonly start: number;
  readonly trace: Trace;
  readonly cls: string;
}

export interface IcmpEvent {
  readonly at: number;
  /** netns id that generated it */
  readonly by: string;
  readonly from: string;
  readonly to: string;
  readonly type: number;
  readonly code: number;
  readonly mtu?: number;
}

const ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

function firstIpv4(hs: readonly Header[]): Ipv4Header | undefined {
  return hs.find((h): h is Ipv4Header => h.kind === 'ipv4');
}

export class Session {
  lab: Lab;
  readonly sent: Sent[] = [];
  private clock = 0;

  constructor(lab: Lab) {
    this.lab = lab;
  }

  /** now on the session clock (ms) */
  get now(): number {
    return Math.max(this.clock, this.lab.kernel.now);
  }

  send(probe: ProbeSpec): Sent {
    const start = this.now;
    const { lab, trace } = runProbe(this.lab, probe);
    this.lab = lab;
    this.clock = start + trace.elapsed;
    const s: Sent = {
      probe,
      start,
      trace,
      cls: probe.protocol === 'traceroute' || probe.protocol === 'tracepath' ? trace.verdict : classOf(trace, probe.timeout ?? 10),
    };
    this.sent.push(s);
    return s;
  }

  ping(from: string, to: string, opts: { size?: number; df?: boolean; timeout: number }): Sent {
    return this.send({
      from,
      to,
      protocol: 'icmp',
      timeout: opts.timeout,
      ...(opts.size !== undefined ? { size: opts.size } : {}),
      // run.sh's pings without -M keep the kernel default IP_PMTUDISC_WANT.
      ...(opts.df !== undefined ? { df: opts.df } : { pmtudisc: 'want' as const }),
    });
  }

  /** run.sh wait_ready: up to 5 pings pod-a -> pod-b until one is answered. */
  waitReady(): void {
    for (let i = 0; i < 5; i++) if (this.ping('pod-a', '10.244.1.3', { timeout: 1 }).cls === 'reply') return;
  }

  /** The lab with a fault applied mid-run: same cluster shape, so the kernel's memory carries over. */
  swapCluster(next: Lab): void {
    this.lab = { ...next, kernel: this.lab.kernel };
  }

  /** Every ICMP error generated during the given probes, on the session clock. */
  icmpEvents(runs: readonly Sent[] = this.sent): IcmpEvent[] {
    const out: IcmpEvent[] = [];
    for (const s of runs) {
      const before = out.length;
      for (const h of s.trace.hops) {
        if (h.kind !== 'icmp') continue;
        const i = h.headers.findIndex((x) => x.kind === 'icmp' && ERROR_TYPES.has(x.type));
        const ip = h.headers[i - 1];
        const icmp = h.headers[i];
        if (i < 1 || ip.kind !== 'ipv4' || icmp.kind !== 'icmp') continue;
        out.push({ at: s.start + h.t, by: h.netnsId, from: ip.src, to: ip.dst, type: icmp.type, code: icmp.code, mtu: icmp.mtu });
      }
      // a trace that reports an ICMP answer without an `icmp` hop: it reached the sender when ping stopped
      const ic = s.trace.icmp;
      if (out.length === before && ic && ERROR_TYPES.has(ic.type)) {
        const src = resolveEndpoint(this.lab.cluster, s.probe.from);
        const to = src.ok ? src.endpoint.ip : '?';
        out.push({
          at: s.start + s.trace.elapsed,
          by: ownerOf(this.lab.cluster, ic.from) ?? '?',
          from: ic.from,
          to,
          type: ic.type,
          code: ic.code,
          mtu: ic.mtu,
        });
      }
    }
    return out;
  }

  /** tcpdump -i eth0 icmp in a pod over [t0, t1]: the ICMP errors addressed to it. */
  icmpSeen(ip: string, t0: number, t1: number): string[] {
    return this.icmpEvents()
      .filter((e) => e.to === ip && e.at >= t0 && e.at <= t1)
      .sort((a, b) => a.at - b.at)
      .map((e) => icmpLine(e.from, e.to, e.type, e.code, e.mtu));
  }

  /** /proc/net/snmp Icmp OutDestUnreachs / OutTimeExcds of a netns at time t. */
  icmpOut(netnsId: string, t: number): { OutDestUnreachs: number; OutTimeExcds: number } {
    const ev = this.icmpEvents().filter((e) => e.by === netnsId && e.at <= t);
    return { OutDestUnreachs: ev.filter((e) => e.type === 3).length, OutTimeExcds: ev.filter((e) => e.type === 11).length };
  }

  /** tcpdump on node1 eth0 'udp port 8472 or ip fragments' over [t0, t1], as run.sh prints frames. */
  underlayFrames(t0: number, t1: number): string[] {
    const out: string[] = [];
    for (const s of this.sent) {
      for (const h of s.trace.hops) {
        const at = s.start + h.t;
        if (h.kind !== 'wire' || at < t0 || at > t1) continue;
        const ip = firstIpv4(h.headers);
        if (!ip) continue;
        const udp = h.headers[h.headers.indexOf(ip) + 1];
        const vx = udp?.kind === 'udp' && (udp.dstPort === 8472 || udp.srcPort === 8472);
        // a first fragment carries the UDP header on the real wire (tcpdump matches its port);
        // the trace may show it as payload only
        const firstUdpFragment = ip.mf && ip.fragOffset === 0 && ip.proto === 'udp';
        if (!vx && !firstUdpFragment && ip.fragOffset === 0) continue;
        out.push(`${ip.src}>${ip.dst} df=${ip.df ? 1 : 0} mf=${ip.mf ? 1 : 0} off=${ip.fragOffset / 8} iplen=${ip.totalLength}`);
      }
    }
    return out;
  }

  /** `ip neigh show dev <dev>` in a netns at time t, as `ip STATE` lines. */
  neigh(netnsId: string, dev: string, t: number): string[] {
    const ns = this.lab.cluster.netns[netnsId];
    const out = (ns?.neigh ?? []).filter((n) => n.dev === dev).map((n) => `${n.ip} ${n.state}`);
    for (const [key, st] of Object.entries(this.lab.kernel.neigh[netnsId] ?? {})) {
      const [d, ip] = key.split(' ');
      if (d !== dev) continue;
      const failed = st.state === 'FAILED' || (st.state === 'INCOMPLETE' && st.failAt !== undefined && st.failAt <= t);
      out.push(`${ip} ${failed ? 'FAILED' : st.state}`);
    }
    return out.sort();
  }
}
