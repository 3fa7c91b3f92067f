/**
 * The Policies panel: the scenario's NetworkPolicies (cluster.networkPolicies, as the API
 * server holds them), each to edit as YAML or remove, a new one to add, and a one-click
 * default-deny. The text is checked on every change with the engine's own parser, each error
 * at its line; applying rebuilds the lab and re-runs the last probe (lab-store setPolicies).
 * Who enforces the policies is the trace's to say (Trace.policy on a shape that does not).
 * Lazy: `yaml` and the policy schemas load with this panel, not with the page.
 */
import { useId, useMemo, useRef, useState } from 'react';
import type { PolicyObject } from '../../engine/policy';
import { policyObjectKey } from '../../engine/policy';
import { useLabStore } from '../store/lab-store';
import { DEFAULT_DENY_INGRESS, NEW_POLICY, policyText, validatePolicyText, type PolicyTextError } from './policy-yaml';
import { PolicyNoteView } from './PolicyNote';
import '../styles/policies.css';

/** the text a learner wrote for a policy, kept for the next edit (the scenario holds the parsed record) */
const sources = new WeakMap<PolicyObject, string>();
const textOf = (p: PolicyObject) => sources.get(p) ?? policyText(p);

type Editing = { readonly index: number | null; readonly text: string };

function Editor({ editing, policies, onClose }: { editing: Editing; policies: readonly PolicyObject[]; onClose: () => void }) {
  const [text, setText] = useState(editing.text);
  const [refused, setRefused] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const result = useMemo(() => validatePolicyText(text), [text]);
  const duplicate = result.ok && policies.some((p, i) => i !== editing.index && policyObjectKey(p) === result.key) ? `${result.key} exists already` : null;
  const errors: readonly PolicyTextError[] = result.ok ? [] : result.errors;
  const errorLines = new Set(errors.map((e) => e.line));
  const lines = text.split('\n');
  const goTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };
  const apply = () => {
    if (!result.ok || duplicate) return;
    const next = editing.index === null ? [...policies, result.record] : policies.map((p, i) => (i === editing.index ? result.record : p));
    sources.set(result.record, text);
    useLabStore.getState().setPolicies(next);
    // the engine may refuse the lab (a CRD this shape does not install): the banner says why, the editor stays
    if (useLabStore.getState().scenario.cluster.networkPolicies === next) onClose();
    else setRefused(useLabStore.getState().banner?.details.join('; ') ?? 'the engine refused this policy');
  };
  return (
    <div className="policy-editor">
      <label htmlFor={`${id}-yaml`} className="policy-editor__label">
        {editing.index === null ? 'New policy (YAML)' : 'Edit policy (YAML)'}
      </label>
      <div className="policy-editor__text">
        <div className="policy-editor__gutter" aria-hidden="true">
          {lines.map((_, i) => (
            <div key={i} className={errorLines.has(i + 1) ? 'is-error' : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          id={`${id}-yaml`}
          ref={area}
          aria-label="Policy YAML"
          aria-invalid={!result.ok || !!duplicate}
          aria-describedby={`${id}-check`}
          spellCheck={false}
          rows={Math.max(lines.length, 8)}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setRefused(null);
          }}
        />
      </div>
      <div id={`${id}-check`} className="policy-editor__check" aria-live="polite">
        {result.ok && !duplicate ? (
          <p className="policy-editor__ok">Valid: {result.key}</p>
        ) : (
          <ul className="policy-editor__errors" aria-label="Policy errors">
            {duplicate && <li>{duplicate}</li>}
            {errors.map((e, i) => (
              <li key={i}>
                <button type="button" className="btn btn--link" onClick={() => goTo(e.line)}>
                  line {e.line}
                </button>{' '}
                {e.path && <code>{e.path}</code>}
                {e.path && ': '}
                {e.message}
              </li>
            ))}
          </ul>
        )}
        {refused && <p className="policy-editor__refused">Not applied: {refused}</p>}
      </div>
      <div className="policy-editor__actions">
        <button type="button" className="btn" disabled={!result.ok || !!duplicate} onClick={apply}>
          Apply
        </button>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export default function PoliciesPanel() {
  const policies = useLabStore((s) => s.scenario.cluster.networkPolicies);
  const cni = useLabStore((s) => s.scenario.cluster.cni);
  const agent = useLabStore((s) => s.scenario.cluster.vpc?.networkPolicy ?? false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const hasDefaultDeny = policies.some((p) => policyObjectKey(p) === 'NetworkPolicy default/default-deny-ingress');
  const addDefaultDeny = () => {
    const r = validatePolicyText(DEFAULT_DENY_INGRESS);
    if (!r.ok) return;
    sources.set(r.record, DEFAULT_DENY_INGRESS);
    useLabStore.getState().setPolicies([...policies, r.record]);
  };
  return (
    <div className="policies">
      <div className="policies__list-side">
        <PolicyNoteView />
        {cni === 'vpc' && (
          <label className="policies__agent">
            <input type="checkbox" checked={agent} onChange={(e) => useLabStore.getState().setVpcPolicyAgent(e.target.checked)} />
            Run the VPC CNI&apos;s network policy agent (aws-node ENABLE_NETWORK_POLICY)
          </label>
        )}
        <h3 className="policies__title">NetworkPolicies in the API ({policies.length})</h3>
        {policies.length === 0 ? (
          <p className="hint">No policies: every pod accepts every connection (Kubernetes: a pod no policy selects is not isolated).</p>
        ) : (
          <ul className="policies__list" aria-label="Policies">
            {policies.map((p, i) => {
              const key = policyObjectKey(p);
              return (
                <li key={key} className="policies__item">
                  <code>{key}</code>
                  <span className="policies__types">{'types' in p ? p.types.join(', ') : 'policyTypes' in p ? p.policyTypes.join(', ') : ''}</span>
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    aria-label={`Edit ${key}`}
                    onClick={() => setEditing({ index: i, text: textOf(p) })}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    aria-label={`Remove ${key}`}
                    onClick={() => {
                      if (editing?.index === i) setEditing(null);
                      useLabStore.getState().setPolicies(policies.filter((_, j) => j !== i));
                    }}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div className="policies__actions">
          <button type="button" className="btn" onClick={addDefaultDeny} disabled={hasDefaultDeny} title="Selects every pod in default and allows no ingress">
            Add default-deny ingress
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setEditing({ index: null, text: NEW_POLICY })}>
            New policy…
          </button>
        </div>
      </div>
      {editing && <Editor key={`${editing.index}`} editing={editing} policies={policies} onClose={() => setEditing(null)} />}
    </div>
  );
}
