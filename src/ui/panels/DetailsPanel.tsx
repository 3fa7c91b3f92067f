import { memo, useDeferredValue, useId, useMemo, useState } from 'react';
import type { Lab } from '../../engine';
import { useLabStore } from '../store/lab-store';
import { runCli } from '../terminal/cli';
import { shellTargets, type ShellTarget } from './shell-targets';
import { stableList } from './stable-list';

const NODE_COMMANDS = ['ip addr', 'ip route', 'ip neigh', 'bridge fdb show'];
const POD_COMMANDS = ['ip addr', 'ip route', 'ip neigh'];

// every pod and node, 2,200 options at 2,000 pods: the same array while the places stay the same (issue 9)
const stableTargets = stableList<ShellTarget>((t) => `${t.netnsId}\u0001${t.label}`);

const CommandOutput = memo(function CommandOutput({ lab, target, command }: { lab: Lab; target: ShellTarget; command: string }) {
  const out = useMemo(() => runCli(lab, target.where, command), [lab, target.where, command]);
  return (
    <figure className="cli-block">
      <figcaption>
        <code>
          {target.prompt}
          {command}
        </code>
      </figcaption>
      {/* focusable so a keyboard user can scroll a long table sideways */}
      <pre className={out.exitCode === 0 ? undefined : 'is-error'} tabIndex={0} aria-label={`${command} output`}>
        {out.output || '(no output)'}
      </pre>
    </figure>
  );
});

/**
 * The selected place's command outputs. A new lab (each probe, each fault toggle) prints them again,
 * but after the frame that shows the probe (a deferred value: React renders it once the urgent
 * update is on screen), and not at all while the Details tab is hidden: it prints when shown.
 */
function CommandOutputs({ target }: { target: ShellTarget }) {
  const lab = useLabStore((s) => s.lab);
  const visible = useLabStore((s) => s.drawerOpen && s.drawerTab === 'details');
  // lab and target together: a new scenario's target is never printed against the old lab
  const now = useMemo(() => ({ lab, target }), [lab, target]);
  const deferred = useDeferredValue(now);
  const [shown, setShown] = useState(deferred);
  if (visible && shown !== deferred) setShown(deferred);
  return (
    <div className="details__grid">
      {(shown.target.kind === 'node' ? NODE_COMMANDS : POD_COMMANDS).map((c) => (
        <CommandOutput key={c} lab={shown.lab} target={shown.target} command={c} />
      ))}
    </div>
  );
}

const InspectPicker = memo(function InspectPicker({ id, targets, value }: { id: string; targets: readonly ShellTarget[]; value: string }) {
  return (
    <select id={id} value={value} onChange={(e) => useLabStore.getState().select(e.target.value || null)}>
      <option value="">Pick a pod or node…</option>
      {targets.map((t) => (
        <option key={t.netnsId} value={t.netnsId}>
          {t.label}
        </option>
      ))}
    </select>
  );
});

/** The selected pod or node: its interfaces, routes and neighbours, as the engine's CLI prints them. */
export default function DetailsPanel() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const selected = useLabStore((s) => s.selected);
  const targets = useMemo(() => stableTargets(shellTargets(cluster)), [cluster]);
  const target = useMemo(() => (selected ? targets.find((t) => t.netnsId === selected) : undefined), [targets, selected]);
  const other = selected && !target ? cluster.netns[selected] : undefined;
  const id = useId();
  return (
    <div className="details">
      <div className="details__bar">
        <label htmlFor={`${id}-pick`}>Inspect</label>
        <InspectPicker id={`${id}-pick`} targets={targets} value={target?.netnsId ?? ''} />
        {target && (
          <button type="button" className="btn" onClick={() => useLabStore.getState().openTerminal(target.netnsId)}>
            Open terminal on {target.where}
          </button>
        )}
      </div>
      {target ? (
        <CommandOutputs target={target} />
      ) : other ? (
        <p className="hint">
          {other.name}: {other.interfaces.flatMap((d) => d.addrs.map((a) => `${d.name} ${a.ip}/${a.prefix}`)).join(', ')} — a {other.kind} outside the cluster;
          podpath opens shells on nodes and pods only.
        </p>
      ) : (
        <p className="hint">Select a pod or node on the canvas (click it, or Tab to it and press Enter) to see its interfaces, routes and neighbours.</p>
      )}
    </div>
  );
}
