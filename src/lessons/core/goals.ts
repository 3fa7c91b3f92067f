/**
 * Goals are predicates over a step's world (traces, command runs, the lab) — never over the
 * page. `reach` runs its probe on the lab the learner left (a repair must hold on the real
 * tables, not on the fault list); `sent` and `ran` look at what the learner did.
 */
import type { ProbeSpec, Trace } from '../../engine';
import { runProbe } from '../../engine/lab-core';
import type { FateMatch, Goal, ProbeMatch, ProbeRunRecord, StepWorld } from '../types';
import { decidingNetns } from './predict';

export interface GoalCheck {
  readonly met: boolean;
  readonly text: string;
  /** the leaves of the goal, each with its own result (for a checklist) */
  readonly parts: readonly { readonly text: string; readonly met: boolean }[];
}

/** A shell or probe source named two ways: `default/client` (the terminal's target) is `client` (content's). */
export function sameWhere(a: string, b: string): boolean {
  return a === b || a === `default/${b}` || b === `default/${a}`;
}

/** `to` as typed, or the address the trace went to */
function toMatches(want: string, probe: ProbeSpec, trace: Trace): boolean {
  const host = (s: string) => s.replace(/:\d+$/, '');
  return probe.to === want || host(probe.to) === host(want) || trace.sent?.dst === host(want) || trace.target?.name === host(want);
}

export function probeMatches(m: ProbeMatch, run: ProbeRunRecord): boolean {
  const { probe, trace } = run;
  if (m.from !== undefined && !sameWhere(probe.from, m.from)) return false;
  if (m.to !== undefined && !toMatches(m.to, probe, trace)) return false;
  if (m.protocol !== undefined && probe.protocol !== m.protocol) return false;
  if (m.minSize !== undefined && (probe.size ?? trace.sent?.size ?? 0) < m.minSize) return false;
  if (m.df !== undefined && (trace.sent?.df ?? probe.df ?? false) !== m.df) return false;
  return true;
}

export function fateMatches(f: FateMatch | undefined, world: StepWorld, run: ProbeRunRecord): boolean {
  if (!f) return true;
  const { trace } = run;
  if (f.verdict !== undefined && trace.verdict !== f.verdict) return false;
  if (f.reason !== undefined && trace.reason !== f.reason) return false;
  if (f.at !== undefined && decidingNetns(world.lab, run.probe, trace) !== f.at) return false;
  if (f.throughKind !== undefined && !trace.hops.some((h) => h.kind === f.throughKind)) return false;
  return true;
}

function leaf(goal: Goal, world: StepWorld): boolean {
  switch (goal.kind) {
    case 'sent':
      return world.probes.some((run) => probeMatches(goal.probe, run) && fateMatches(goal.fate, world, run));
    case 'reach': {
      const { trace } = runProbe(world.lab, goal.probe);
      return fateMatches(goal.fate, world, { probe: goal.probe, trace });
    }
    case 'ran': {
      const re = new RegExp(goal.pattern);
      return world.commands.some((c) => c.exitCode === 0 && re.test(c.line.trim()) && (goal.where === undefined || sameWhere(c.where, goal.where)));
    }
    default:
      return false;
  }
}

export function checkGoal(goal: Goal, world: StepWorld): GoalCheck {
  if (goal.kind === 'all' || goal.kind === 'any') {
    const subs = goal.goals.map((g) => checkGoal(g, world));
    const met = goal.kind === 'all' ? subs.every((s) => s.met) : subs.some((s) => s.met);
    return { met, text: goal.text, parts: subs.flatMap((s) => s.parts) };
  }
  const met = leaf(goal, world);
  return { met, text: goal.text, parts: [{ text: goal.text, met }] };
}
