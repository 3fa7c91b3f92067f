import { useId, useRef, useState } from 'react';
import { useProgress } from './store';

/** Export the progress as a .json file; import one back (a bad file changes nothing and says why). */
export function ProgressFileControls() {
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const id = useId();
  const onExport = () => {
    const { name, text } = useProgress.getState().exportFile();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    // the click has started the download; the URL is no longer needed after this turn
    setTimeout(() => URL.revokeObjectURL(url), 0);
    setMessage({ kind: 'ok', text: `Exported as ${name}.` });
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      setMessage({ kind: 'error', text: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    const r = useProgress.getState().importFile(text);
    setMessage(r.ok ? { kind: 'ok', text: r.message } : { kind: 'error', text: `${file.name}: ${r.error}` });
    if (input.current) input.current.value = '';
  };
  return (
    <section className="progress-file" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Your progress</h2>
      <p>Kept in this browser only. Export it to move it to another browser or keep a copy.</p>
      <div className="progress-file__buttons">
        <button type="button" className="btn" onClick={onExport}>
          Export progress
        </button>
        <button type="button" className="btn btn--ghost" onClick={() => input.current?.click()}>
          Import progress…
        </button>
        {/* the button opens the picker; the input itself stays out of the tab order */}
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          tabIndex={-1}
          aria-label="Progress file to import"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </div>
      {message && (
        <p className={`progress-file__msg is-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
