/**
 * The lesson's side of the lab: a step's scenario is loaded into the lab store when the
 * learner enters it (a fix step adds its faults), and the step's world — what they sent and
 * ran since entering — is read back from the lab store for the goal checks (core checkGoal).
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Scenario } from '../../engine';
import { labOfSource } from '../../lessons/core';
import type { CommandRunRecord, Lesson, ProbeRunRecord, Step, StepWorld } from '../../lessons/types';
import { formatScenarioError } from '../../engine/shell';
import { useLabStore } from '../store/lab-store';
import { SAMPLES } from './content';

/** the scenario this module last loaded, so moving between steps of one setup keeps the learner's lab */
let loaded: { readonly key: string; readonly scenario: Scenario } | null = null;

function setupKey(lesson: Lesson, step: Step): string {
  return JSON.stringify([lesson.id, step.scenario ?? lesson.scenario, step.kind === 'fix' ? step.faults : []]);
}

/**
 * Puts the step's scenario in the lab unless the lab already shows it (the previous step had
 * the same setup and the learner did not load another). Returns an error text when the
 * content's scenario does not build.
 */
export function enterStep(lesson: Lesson, step: Step): string | null {
  const key = setupKey(lesson, step);
  const lab = useLabStore.getState();
  if (loaded?.key === key && lab.scenario === loaded.scenario) return null;
  const src = step.scenario ?? lesson.scenario;
  const built = labOfSource(src, step.kind === 'fix' ? step.faults : [], SAMPLES);
  if (!built.ok) return built.errors.map((e) => formatScenarioError(e)).join('; ');
  lab.loadScenario(built.lab.scenario, 'sample' in src ? src.sample : null);
  const now = useLabStore.getState().scenario;
  if (now !== built.lab.scenario) return 'the lab refused the lesson scenario';
  loaded = { key, scenario: now };
  return null;
}

/** Marks of the lab store when the step began: what came after is the step's own. */
export interface StepStart {
  readonly flowId: number;
  readonly lastCommand: CommandRunRecord | null;
}

export function stepStart(): StepStart {
  const { flows, commands } = useLabStore.getState();
  return { flowId: flows.at(-1)?.id ?? 0, lastCommand: commands.at(-1) ?? null };
}

/** The step's world, live: the lab now, the probes and commands since `start`. */
export function useStepWorld(start: StepStart): StepWorld {
  const lab = useLabStore((s) => s.lab);
  const flows = useLabStore((s) => s.flows);
  const commands = useLabStore((s) => s.commands);
  return useMemo(() => {
    const probes: ProbeRunRecord[] = flows.filter((f) => f.id > start.flowId && f.trace).map((f) => ({ probe: f.probe, trace: f.trace! }));
    const from = start.lastCommand ? commands.lastIndexOf(start.lastCommand) + 1 : 0;
    return { lab, probes, commands: commands.slice(from) };
  }, [lab, flows, commands, start]);
}

/** One visit of a step: its lab is in place (or could not be built) and what the learner does counts from `start`. */
export interface StepSetup {
  readonly visit: number;
  readonly error: string | null;
  readonly start: StepStart;
}

let visits = 0;
let setup: StepSetup | null = null;
const listeners = new Set<() => void>();

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Enters the step once per visit (a mounted StepRunner) from an effect — loading the lab
 * updates the lab page around the panel, which must not happen during render — and reads the
 * visit's setup back as an external store (null until it is in place).
 */
export function useStepSetup(lesson: Lesson, step: Step): StepSetup | null {
  const [visit] = useState(() => ++visits);
  useEffect(() => {
    if (setup?.visit === visit) return;
    const error = enterStep(lesson, step);
    setup = { visit, error, start: stepStart() };
    for (const l of listeners) l();
  }, [lesson, step, visit]);
  return useSyncExternalStore(subscribe, () => (setup?.visit === visit ? setup : null));
}
