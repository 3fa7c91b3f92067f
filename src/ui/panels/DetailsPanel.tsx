import { useId, useMemo } from 'react';
import { useLabStore } from '../store/lab-store';
import { runCli } from '../terminal/cli';
import { shellTargets, targetOf, type ShellTarget } from './shell-targets';

const NODE_COMMANDS = ['ip addr', 'ip route', 'ip neigh', 'bridge fdb show'];
const POD_COMMANDS = ['ip addr', 'ip route', 'ip neigh'];

function CommandOutput({ target, command }: { target: ShellTarget; command: string }) {
  const lab = useLabStore((s) => s.lab);
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
}

/** The selected pod or node: its interfaces, routes and neighbours, as the engine's CLI prints them. */
export default function DetailsPanel() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const selected = useLabStore((s) => s.selected);
  const targets = useMemo(() => shellTargets(cluster), [cluster]);
  const target = targetOf(cluster, selected);
  const other = selected && !target ? cluster.netns[selected] : undefined;
  const id = useId();
  return (
    <div className="details">
      <div className="details__bar">
        <label htmlFor={`${id}-pick`}>Inspect</label>
        <select id={`${id}-pick`} value={target?.netnsId ?? ''} onChange={(e) => useLabStore.getState().select(e.target.value || null)}>
          <option value="">Pick a pod or node…</option>
          {targets.map((t) => (
            <option key={t.netnsId} value={t.netnsId}>
              {t.label}
            </option>
          ))}
        </select>
        {target && (
          <button type="button" className="btn" onClick={() => useLabStore.getState().openTerminal(target.netnsId)}>
            Open terminal on {target.where}
          </button>
        )}
      </div>
      {target ? (
        <div className="details__grid">
          {(target.kind === 'node' ? NODE_COMMANDS : POD_COMMANDS).map((c) => (
            <CommandOutput key={c} target={target} command={c} />
          ))}
        </div>
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
