/**
 * The ticket: one line in an operator's words, written from which probes of the matrix changed
 * between the healthy lab and the broken one — never from the fault itself, so the ticket says
 * what hurts ("client can't reach web-1 since 10:02"), not why.
 */
import type { MatrixCell, MatrixProbe, ProbeKind } from './types';
import { cellOk, cellsEqual } from './matrix';
import { pick, type Rng } from './rng';

/** The symptom a user would notice first, the most visible one first. */
const PRIORITY: readonly ProbeKind[] = ['nodeport', 'service', 'dns', 'cross-node', 'same-node', 'external', 'dns-external', 'large', 'large-df'];

/** A time between 08:00 and 17:59, from the seed's dice. */
export function sinceOf(rng: Rng): string {
  const minutes = 8 * 60 + pick(rng, 10 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

interface Subject {
  readonly probe: MatrixProbe;
}

/** What the operator saw for one probe that broke, a few ways of saying it. */
function complaint({ probe }: Subject, since: string): readonly string[] {
  const { from, to } = probe.probe;
  const host = to.split(':')[0]!;
  switch (probe.kind) {
    case 'nodeport':
      return [`Users on ${from} can't open ${to} since ${since}`, `${to} stopped answering from outside the cluster at ${since}`];
    case 'service':
      return [`${from} gets errors calling its backend Service since ${since}`, `Calls from ${from} to ${to} fail since ${since}`];
    case 'dns':
      return [`${from} can't resolve ${host} since ${since}`, `Name lookups from ${from} fail since ${since}`];
    case 'dns-external':
      return [`${from} can't resolve ${host} since ${since}`, `Outside names stopped resolving for ${from} at ${since}`];
    case 'cross-node':
      return [`${from} can't reach ${host} since ${since}`, `${from} lost ${host} at ${since}`];
    case 'same-node':
      return [`${from} can't reach ${host}, even on its own node, since ${since}`, `${from} can't talk to its neighbour ${host} since ${since}`];
    case 'external':
      return [`${from} can't reach ${host} outside the cluster since ${since}`, `Egress from ${from} is broken since ${since}`];
    case 'large':
    case 'large-df':
      return [
        `Small requests from ${from} to ${host} work, big ones hang since ${since}`,
        `Uploads from ${from} to ${host} stall since ${since}; pings are fine`,
      ];
  }
}

/** The ticket line: the first complaint, then what still works (as the reporter checked it). */
export function ticketOf(probes: readonly MatrixProbe[], healthy: readonly MatrixCell[], broken: readonly MatrixCell[], since: string, rng: Rng): string {
  const changed = probes.filter((_, i) => !cellsEqual(healthy[i]!, broken[i]!));
  const first = PRIORITY.map((k) => changed.find((p) => p.kind === k)).find((p) => p !== undefined);
  if (!first) return `Something feels off since ${since}, but every check passes`;
  const ways = complaint({ probe: first }, since);
  let line = ways[pick(rng, ways.length)]!;
  const others = changed.filter((p) => p !== first).length;
  if (others) line += ` (and ${others} more check${others > 1 ? 's fail' : ' fails'})`;
  const works = probes.filter((_, i) => cellOk(healthy[i]!) && cellsEqual(healthy[i]!, broken[i]!));
  const fine = works.find((p) => p.kind === 'same-node' || p.kind === 'cross-node' || p.kind === 'service' || p.kind === 'dns');
  if (fine) line += `; ${fine.probe.from} → ${fine.probe.to.split(':')[0]} still works`;
  return `${line}.`;
}
