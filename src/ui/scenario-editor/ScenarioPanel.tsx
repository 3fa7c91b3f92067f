import { useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import { useLabStore } from '../store/lab-store';
import { SAMPLE_IDS, sampleScenario } from '../store/scenarios';
import {
  errorLine,
  fileName,
  LIVE_CHECK_BYTES,
  MAX_SCENARIO_BYTES,
  readScenarioText,
  scenarioToYaml,
  textBytes,
  withManifests,
  type ReadResult,
} from './scenario-text';
import './scenario-editor.css';

/** A file's text, refused when it is too large to be a scenario (nothing half-loaded). */
async function fileText(f: File): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  if (f.size > MAX_SCENARIO_BYTES)
    return { ok: false, error: `${f.name} is ${(f.size / 1e6).toFixed(1)} MB; the lab reads files up to ${MAX_SCENARIO_BYTES / 1e6} MB` };
  try {
    return { ok: true, text: await f.text() };
  } catch (e) {
    return { ok: false, error: `${f.name} could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * The Scenario tab: the scenario on screen as YAML with live validation (each error at its
 * line, a click selects that line), Apply, save and load a file, import Kubernetes manifests
 * (paste or drop; they merge into the scenario), and the gallery of samples with their
 * descriptions. Nothing is lost: the text stays until it is applied or replaced on purpose.
 */
export default function ScenarioPanel() {
  const scenario = useLabStore((s) => s.scenario);
  const [text, setText] = useState(() => scenarioToYaml(scenario));
  const [shown, setShown] = useState(scenario);
  const [read, setRead] = useState<ReadResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [manifests, setManifests] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const dirty = text !== scenarioToYaml(shown);

  // another scenario arrived (a sample, a link, a shape change): show it unless the learner has
  // unsaved edits (state adjusted while rendering, React's pattern for state derived from props)
  if (scenario !== shown) {
    setShown(scenario);
    if (!dirty) {
      setText(scenarioToYaml(scenario));
      setRead(null);
    }
  }

  // live validation, a moment after typing stops; a large text only on Apply (parsing it takes seconds)
  const large = text.length > LIVE_CHECK_BYTES;
  useEffect(() => {
    if (large) return;
    const t = setTimeout(() => setRead(readScenarioText(text)), 250);
    return () => clearTimeout(t);
  }, [text, large]);

  const lines = useMemo(() => text.split('\n'), [text]);
  const goTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  const apply = () => {
    const r = readScenarioText(text);
    setRead(r);
    if (!r.ok && r.tooLarge) {
      // said at the top of the lab too: the scenario on screen stays as it was
      useLabStore
        .getState()
        .showBanner({ kind: 'error', title: 'That scenario is too large for the lab; nothing was loaded', details: r.errors.map(errorLine) });
      return setMessage(`Not applied: ${r.errors.map(errorLine).join('; ')}`);
    }
    if (!r.ok) return setMessage('Not applied: fix the errors below first.');
    useLabStore.getState().loadScenario(r.scenario, null);
    setShown(r.scenario);
    setText(scenarioToYaml(r.scenario));
    setMessage(r.notices.length ? `Applied. ${r.notices.join(' ')}` : 'Applied.');
  };

  const load = async (f: File | undefined) => {
    if (!f) return;
    const r = await fileText(f);
    if (!r.ok) return setMessage(r.error);
    setText(r.text);
    setMessage(`Loaded ${f.name} into the editor — check it, then Apply.`);
  };

  const importManifests = (src: string) => {
    const bytes = textBytes(src);
    if (bytes > MAX_SCENARIO_BYTES)
      return setMessage(`The manifests were not imported: they are ${(bytes / 1e6).toFixed(1)} MB; the lab reads up to ${MAX_SCENARIO_BYTES / 1e6} MB`);
    const base = readScenarioText(text);
    if (!base.ok) return setMessage('Fix the scenario first: manifests are merged into it.');
    const next = withManifests(base.scenario, src);
    const r = readScenarioText(next);
    if (!r.ok) return setMessage(`The manifests were not imported: ${r.errors.map(errorLine).join('; ')}`);
    setText(scenarioToYaml(r.scenario));
    setManifests('');
    setMessage(`Imported into the editor${r.notices.length ? ` (${r.notices.join(' ')})` : ''} — Apply to use them.`);
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (!f) return;
    const r = await fileText(f);
    if (r.ok) setManifests(r.text);
    else setMessage(r.error);
  };

  const errors = read && !read.ok ? read.errors : [];
  return (
    <div className="scenario-editor">
      <div className="scenario-editor__main">
        <div className="scenario-editor__bar">
          <button type="button" className="btn btn--small" onClick={apply} disabled={!dirty}>
            Apply
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => download(fileName(shown.metadata.name), text)}>
            Save to file
          </button>
          <label className="btn btn--ghost btn--small">
            Load file…
            <input
              type="file"
              accept=".yaml,.yml,.json,text/yaml,application/json"
              hidden
              onChange={(e: ChangeEvent<HTMLInputElement>) => void load(e.target.files?.[0])}
            />
          </label>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setText(scenarioToYaml(scenario))} disabled={!dirty}>
            Revert
          </button>
          <span className="scenario-editor__state" role="status">
            {large && (read === null || dirty)
              ? 'large text — checked when you Apply'
              : read === null
                ? 'checking…'
                : read.ok
                  ? dirty
                    ? 'valid — not applied yet'
                    : 'valid — on screen'
                  : `${read.errors.length} error${read.errors.length === 1 ? '' : 's'}`}
          </span>
        </div>
        <textarea
          ref={area}
          className="scenario-editor__text"
          aria-label="Scenario YAML"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={errors.length > 0}
          aria-describedby="scenario-editor-errors"
        />
        <ul id="scenario-editor-errors" className="scenario-editor__errors" aria-live="polite">
          {errors.map((e, i) => (
            <li key={i}>
              {e.line !== undefined ? (
                <button type="button" className="btn--link" onClick={() => goTo(e.line!)}>
                  {errorLine(e)}
                </button>
              ) : (
                errorLine(e)
              )}
            </li>
          ))}
        </ul>
        {message && (
          <p className="scenario-editor__message" role="status">
            {message}
          </p>
        )}
      </div>
      <aside className="scenario-editor__side" aria-label="Samples and manifests">
        <section onDragOver={(e) => e.preventDefault()} onDrop={(e) => void onDrop(e)}>
          <h3>Import Kubernetes manifests</h3>
          <p className="hint">Paste or drop YAML (several documents, or a kubectl get -o yaml List): Pods, workloads, Services, EndpointSlices, policies.</p>
          <textarea
            aria-label="Kubernetes manifests"
            className="scenario-editor__manifests"
            spellCheck={false}
            value={manifests}
            onChange={(e) => setManifests(e.target.value)}
          />
          <button type="button" className="btn btn--small" disabled={!manifests.trim()} onClick={() => importManifests(manifests)}>
            Import into the scenario
          </button>
        </section>
        <section>
          <h3>Sample scenarios</h3>
          <ul className="scenario-gallery">
            {SAMPLE_IDS.map((id) => {
              const s = sampleScenario(id);
              if (!s) return null;
              return (
                <li key={id}>
                  <button
                    type="button"
                    className="btn--link"
                    onClick={() => {
                      setText(scenarioToYaml(s));
                      setMessage(`${id} is in the editor — Apply to open it.`);
                    }}
                  >
                    {id}
                  </button>
                  {s.metadata.description ? <span> — {s.metadata.description}</span> : null}
                </li>
              );
            })}
          </ul>
        </section>
      </aside>
    </div>
  );
}
