import { useLabStore } from '../store/lab-store';
import { engine } from '../store/engine-runtime';

/**
 * Who enforced the policies for the probe on screen: on a shape that does not enforce them the
 * trace carries a note (Trace.policy) saying what they would have decided; on one that does, the
 * hop that decided shows its policy, ipset or map entry in the inspector.
 */
export function PolicyNoteView() {
  const note = useLabStore((s) => s.trace?.policy);
  // a probe that was never sent (a bad endpoint) says nothing about enforcement
  const sent = useLabStore((s) => !!s.trace?.sent);
  const count = useLabStore((s) => s.scenario.cluster.networkPolicies.length);
  const cluster = useLabStore((s) => s.lab.cluster);
  if (note)
    return (
      <div className={`policy-note${note.wouldDeny ? ' policy-note--would-deny' : ''}`} role="note" aria-label="Policy enforcement">
        <p className="policy-note__text">{note.text}</p>
        <p className="policy-note__why">{note.why}</p>
      </div>
    );
  if (!count) return null;
  return (
    <p className="hint policy-note--idle">
      {sent ? engine().policyEnforcementText(cluster) : `${engine().policyEnforcementText(cluster) ?? ''} Send a packet to see which one decides.`}
    </p>
  );
}
