/**
 * The small editor `kubectl edit` opens in the terminal panel (as kubectl opens $EDITOR on a
 * temporary file): a labelled textarea prefilled with the object's YAML, Save and Cancel.
 * Ctrl+S (⌘S) saves, Esc cancels; focus moves into the text on open and back to the terminal
 * on close (TerminalPanel).
 */
import { useEffect, useId, useRef, useState } from 'react';
import './terminal-editor.css';

export interface TerminalEditorProps {
  /** what is being edited, as kubectl names it: `configmap/kube-proxy` */
  readonly title: string;
  readonly initial: string;
  readonly onSave: (text: string) => void;
  readonly onCancel: () => void;
}

export function TerminalEditor({ title, initial, onSave, onCancel }: TerminalEditorProps) {
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    area.current?.focus();
    area.current?.setSelectionRange(0, 0);
  }, []);
  return (
    <section className="terminal-editor" aria-labelledby={`${id}-title`}>
      <div className="terminal-editor__bar">
        <h3 id={`${id}-title`} className="terminal-editor__title">
          kubectl edit {title}
        </h3>
        <button type="button" className="btn btn--small" onClick={() => onSave(text)}>
          Save
        </button>
        <button type="button" className="btn btn--small" onClick={onCancel}>
          Cancel
        </button>
        <span className="hint" id={`${id}-hint`}>
          Ctrl+S saves, Esc cancels. Lines starting with # are ignored.
        </span>
      </div>
      <textarea
        ref={area}
        className="terminal-editor__text"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-hint`}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
            e.preventDefault();
            onSave(text);
          }
        }}
      />
    </section>
  );
}
