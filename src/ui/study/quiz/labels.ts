/** How the quiz names engine things to a learner: netns ids, reason keys, probes, scenarios. */
import { REASONS, type Reason } from '../../../engine/model/reasons';
import type { ProbeSpec } from '../../../engine';
import type { Question } from '../../../lessons/types';

/** netns ids (model/ids.ts): `pod:<ns>/<name>` for a pod, the node's name for its root namespace */
export function netnsLabel(id: string): string {
  return id.startsWith('pod:') ? `pod ${id.slice(4)}` : id;
}

/** a reason key (model/reasons.ts) in words; an unknown key shows as itself */
export function reasonLabel(r: string): string {
  return r in REASONS ? REASONS[r as Reason].text : r;
}

export function probeText(p: ProbeSpec): string {
  const size = p.size !== undefined ? `, ${p.size} bytes` : '';
  return `${p.protocol ?? 'icmp'} from ${p.from} to ${p.to}${size}${p.df ? ', DF set' : ''}`;
}

export function scenarioName(q: Question): string | undefined {
  if (q.kind === 'choice') return undefined;
  return 'sample' in q.scenario ? q.scenario.sample : 'a custom scenario';
}
