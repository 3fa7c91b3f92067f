/**
 * Kernel facts and how engine results are compared with them.
 *
 * A fixture (cases/<section>/<name>.expect.json) lists the facts the real kernel produced
 * for one oracle case (extracted from results.json by scripts/oracle.ts), plus what the
 * procedure needs to replay run.sh against the engine (procedures.ts).
 */
import type { Trace } from '../../src/engine';

export type FactValue = string | number | boolean | null | readonly string[];

export interface Fact {
  /** stable key, e.g. `probe_1_first_at_if_max.class` */
  readonly key: string;
  /** readable sentence for test names, e.g. `first failure is icmp_frag_needed` */
  readonly label: string;
  readonly kernel: FactValue;
  /** `elapsed`: a duration in ms compared with a tolerance (ping's own start-up adds ~5 ms) */
  readonly compare?: 'exact' | 'elapsed';
}

/** One recorded ping / tracepath of run.sh, as an engine probe. */
export interface ProbeStep {
  /** the record key in results.json (`pod-a->pod-c_W5`, `probe_max`…) */
  readonly key: string;
  /** `before` / `after` (faults), `reachability` (modes) */
  readonly phase: string;
  readonly from: string;
  readonly to: string;
  readonly size?: number;
  readonly df?: boolean;
  /** ping -W, seconds */
  readonly timeout: number;
  readonly cmd: string;
}

export type Section = 'modes' | 'mtu' | 'faults';

export interface MtuConfig {
  readonly mode: 'hostgw' | 'vxlan';
  readonly podMtu: number;
  readonly ul1: number;
  readonly ul2: number;
  readonly variant: '' | 'nodev1500' | 'dfset';
}

export interface OracleCase {
  readonly section: Section;
  readonly name: string;
  /** where the facts come from: file, kernel version, date */
  readonly source: string;
  readonly mode: 'hostgw' | 'vxlan';
  readonly podMtu: number;
  readonly mtu?: MtuConfig;
  /** faults: the `action` run.sh recorded */
  readonly action?: string;
  /** modes/faults: the recorded pings in recorded order */
  readonly steps: readonly ProbeStep[];
  readonly facts: readonly Fact[];
}

export type EngineFacts = Readonly<Record<string, FactValue>>;

/** ping -W waits this long; the oracle's own numbers carry ~5 ms of process start-up. */
export function elapsedAgrees(kernel: number, engine: number): boolean {
  return Math.abs(kernel - engine) <= 50 + 0.1 * kernel;
}

export function agrees(f: Fact, engine: FactValue | undefined): boolean {
  if (engine === undefined) return false;
  if (f.compare === 'elapsed' && typeof f.kernel === 'number' && typeof engine === 'number') return elapsedAgrees(f.kernel, engine);
  return JSON.stringify(f.kernel) === JSON.stringify(engine);
}

export function show(v: FactValue | undefined): string {
  if (v === undefined) return '(not produced)';
  if (Array.isArray(v)) return v.length ? v.join('; ') : '(none)';
  return v === null ? '(none)' : String(v);
}

/**
 * The oracle's ping classes (run.sh classify) from an engine trace. An answer that arrives
 * after the sender's timeout is what ping reports as silence.
 */
export function classOf(t: Trace, timeoutS: number): string {
  switch (t.localError) {
    case 'EMSGSIZE':
      return 'local_emsgsize';
    case 'ENETUNREACH':
      return 'local_enetunreach';
    case 'ENOBUFS':
      return 'local_enobufs';
    case 'EINVAL':
      return 'local_einval';
    case 'EHOSTUNREACH':
      // ping prints "From <self> … Destination Host Unreachable" (the kernel's own ICMP to itself)
      return 'icmp_host_unreachable';
    default:
      break;
  }
  if (t.verdict === 'dropped') return 'timeout_silent';
  if (t.elapsed > timeoutS * 1000) return 'timeout_silent';
  if (t.verdict === 'delivered') return 'reply';
  const i = t.icmp;
  if (!i) return `other (${t.reason})`;
  if (i.type === 3 && i.code === 4) return 'icmp_frag_needed';
  if (i.type === 3 && i.code === 0) return 'icmp_net_unreachable';
  if (i.type === 3 && i.code === 1) return 'icmp_host_unreachable';
  if (i.type === 3 && i.code === 3) return 'icmp_port_unreachable';
  if (i.type === 11) return 'icmp_time_exceeded';
  return `other (icmp ${i.type}/${i.code})`;
}

/** `10.244.1.1 -> 10.244.1.2 type=3 code=4 mtu=1450`, as run.sh's icmp_summary prints it. */
export function icmpLine(from: string, to: string, type: number, code: number, mtu?: number): string {
  return `${from} -> ${to} type=${type} code=${code}${mtu !== undefined ? ` mtu=${mtu}` : ''}`;
}

/** Tracepath/traceroute hop addresses as run.sh reduces them: addresses only, consecutive repeats merged. */
export function uniqAddresses(xs: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of xs) if (/^\d+\.\d+\.\d+\.\d+$/.test(x) && out[out.length - 1] !== x) out.push(x);
  return out;
}
