/**
 * A step's world: the lab and what the learner did since the step began. Solutions replay
 * through the same two doors the page uses — a probe (lab-core runProbe) and a terminal line
 * (cli runCommand) — so a shipped solution proves what a learner can actually do.
 */
import type { Lab, ProbeSpec, Trace } from '../../engine';
import { runProbe } from '../../engine/lab-core';
import { runCommand } from '../../engine/cli/dispatch';
import type { SolutionAction, StepWorld } from '../types';

/** The probe a command's trace stands for (`ping -s 1400 -M do 10.244.2.2` → icmp to 10.244.2.2, size 1400, DF). */
export function probeOfCommandTrace(where: string, trace: Trace): ProbeSpec {
  const s = trace.sent;
  const protocol: ProbeSpec['protocol'] = s?.protocol === 'tcp' ? 'tcp' : s?.protocol === 'udp' ? 'udp' : trace.lookup && !s ? 'dns' : 'icmp';
  const to = s ? `${s.dst}${s.dport && protocol !== 'icmp' ? `:${s.dport}` : ''}` : (trace.lookup?.name ?? trace.target?.name ?? '');
  return { from: where, to, protocol, size: s?.size, df: s?.df };
}

export function emptyWorld(lab: Lab): StepWorld {
  return { lab, probes: [], commands: [] };
}

/** The world after one action; a predict action changes nothing here (the machine records it). */
export function applyAction(world: StepWorld, action: SolutionAction): StepWorld {
  if (action.do === 'probe') {
    const r = runProbe(world.lab, action.probe);
    return { ...world, lab: r.lab, probes: [...world.probes, { probe: action.probe, trace: r.trace }] };
  }
  if (action.do === 'command') {
    const r = runCommand(world.lab, action.where, action.line, action.stdin);
    // commands that send packets (ping, curl…) count as probes too, as on the page
    const probes = r.traces.map((trace) => ({ probe: probeOfCommandTrace(action.where, trace), trace }));
    return {
      lab: r.lab,
      probes: [...world.probes, ...probes],
      commands: [...world.commands, { where: action.where, line: action.line, exitCode: r.exitCode, output: r.output }],
    };
  }
  return world;
}

export function applyActions(world: StepWorld, actions: readonly SolutionAction[]): StepWorld {
  return actions.reduce(applyAction, world);
}
