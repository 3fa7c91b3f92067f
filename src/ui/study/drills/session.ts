/**
 * The Drills page's doors to the rest of the page: the bundled samples (already in the lab's
 * first load), the lab store (a drill's broken lab opened in the lab, the learner's repairs read
 * back) and the routes. The drill itself is pure (src/lessons/drills).
 */
import type { Lab } from '../../../engine';
import { REASONS } from '../../../engine/shell';
import type { Samples } from '../../../lessons/core';
import type { Drill, MatrixCell } from '../../../lessons/drills';
import { useLabStore } from '../../store/lab-store';
import { navigate } from '../../nav/route';
import samplesJson from '../../store/samples.json';

export const SAMPLES = samplesJson as unknown as Samples;

/** A seed for a new drill: the UI may read the clock (the drill code may not). */
export const clockSeed = (): number => (Date.now() ^ Math.floor(performance.now() * 1000)) >>> 0 || 1;

/**
 * A cell as text: "works" or what the trace ended with. As a symptom (`asSeen`) it is only
 * what the client itself sees — a silent drop is a timeout, an error is the error it got —
 * not where the engine saw it dropped (that would name the fault).
 */
export function cellText(c: MatrixCell, asSeen = false): string {
  if (c.verdict === 'delivered') return 'works';
  const reason = (REASONS as Record<string, { text: string } | undefined>)[c.reason]?.text ?? c.reason;
  if (asSeen && c.reason === 'BAD_ENDPOINT') return 'fails: a pod in this check has no IP address';
  if (asSeen && c.verdict === 'dropped' && c.kind !== 'dns' && c.kind !== 'dns-external') return 'no answer (timed out)';
  return `${c.verdict === 'dropped' ? 'no answer' : 'error'}: ${reason}`;
}

/** Loads the drill's broken lab into the lab store with the drill flag set (no faults panel, no share link) and opens the lab. */
export function openInLab(drill: Drill): void {
  const store = useLabStore.getState();
  store.loadScenario(drill.scenario, drill.scenarioId);
  useLabStore.setState({
    drill: drill.seed,
    banner: {
      kind: 'info',
      title: `Incident drill ${drill.seed}: ${drill.ticket}`,
      details: ['The faults panel is hidden. Investigate with probes and the terminal, repair what you can, then go back to Drills to submit.'],
    },
  });
  navigate('/');
}

/** The learner's lab for this drill: the lab store's when it holds this drill, else the drill's untouched broken lab. */
export function learnerLab(drill: Drill): { lab: Lab; opened: boolean; commands: number } {
  const s = useLabStore.getState();
  if (s.drill === drill.seed) return { lab: s.lab, opened: true, commands: s.commands?.length ?? 0 };
  return { lab: drill.lab, opened: false, commands: 0 };
}
