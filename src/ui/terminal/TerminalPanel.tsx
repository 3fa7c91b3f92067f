import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useLabStore } from '../store/lab-store';
import { shellTargets, type ShellTarget } from '../panels/shell-targets';
import { applyKey, emptyLine, redraw, submitted, type LineState } from './line-editor';
import { complete } from './completion';
import { cliCommands, cliWords, editorText } from './cli';
import { execute } from './execute';
import { fitTerminal, TERMINAL_THEME } from './fit';
import { type Heredoc, heredocFeed, heredocStart, pastedLines } from './heredoc';
import { TerminalEditor } from './TerminalEditor';

const GREETING =
  'podpath terminal — the engine\u2019s CLI. Tab completes, \u2191/\u2193 browse history, Esc leaves the terminal; a line ending <<EOF reads the lines up to EOF as its input.';

/** `kubectl edit` waiting for its editor: the line to run with the saved text. */
interface Editing {
  readonly line: string;
  readonly text: string;
  readonly title: string;
}

/** An xterm.js terminal on a pod or node, running the engine's CLI (lazy-loaded). */
export default function TerminalPanel() {
  const cluster = useLabStore((s) => s.lab.cluster);
  const chosen = useLabStore((s) => s.terminalTarget);
  const targets = useMemo(() => shellTargets(cluster), [cluster]);
  const target = targets.find((t) => t.netnsId === chosen) ?? targets[0];
  const host = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLSelectElement>(null);
  const term = useRef<Terminal | null>(null);
  const line = useRef<LineState>(emptyLine());
  const targetRef = useRef<ShellTarget | undefined>(target);
  const heredoc = useRef<Heredoc | undefined>(undefined);
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const id = useId();

  useEffect(() => {
    const t = new Terminal({
      fontFamily: 'ui-monospace, "JetBrains Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: true,
      theme: TERMINAL_THEME,
      convertEol: true,
      scrollback: 2000,
      minimumContrastRatio: 4.5,
    });
    term.current = t;
    t.open(host.current!);
    t.attachCustomKeyEventHandler((e) => {
      if (e.key === 'Escape' && e.type === 'keydown') {
        picker.current?.focus();
        return false;
      }
      return true;
    });
    // PS2 while a here-document is being typed
    const prompt = () => (heredoc.current ? '> ' : (targetRef.current?.prompt ?? '$ '));
    t.writeln(`\x1b[90m${GREETING}\x1b[0m`);
    t.write(prompt());
    const run = (cmd: string, stdin?: string) => {
      const where = targetRef.current;
      const out = where ? execute(where, cmd, stdin) : { output: 'no pod or node to run on', clear: false };
      if (out.clear) t.clear();
      if (out.output) t.write(`${out.output}\r\n`);
      t.write(prompt());
    };
    const submit = (text: string) => {
      if (heredoc.current) {
        const r = heredocFeed(heredoc.current, text);
        if (!r.done) {
          heredoc.current = r.heredoc;
          return t.write(prompt());
        }
        heredoc.current = undefined;
        return run(r.command, r.stdin);
      }
      const h = heredocStart(text);
      if (h) {
        heredoc.current = h;
        return t.write(prompt());
      }
      const edit = editorText(useLabStore.getState().lab, text);
      if (edit !== undefined) {
        const m = /\b(?:configmaps?|cm)[/\s]+(\S+)/.exec(text);
        return setEditing({ line: text.trim(), text: edit, title: `configmap/${m?.[1] ?? ''}` });
      }
      run(text);
    };
    const handle = (data: string) => {
      const { state, event } = applyKey(line.current, data);
      line.current = state;
      switch (event.kind) {
        case 'edit':
          return t.write(redraw(prompt(), state));
        case 'cancel':
          heredoc.current = undefined;
          return t.write(`^C\r\n${prompt()}`);
        case 'clear':
          t.clear();
          return t.write(redraw(prompt(), state));
        case 'complete': {
          const words = shellTargets(useLabStore.getState().lab.cluster).flatMap((x) => [x.where, x.where.split('/').pop()!]);
          const ips = Object.values(useLabStore.getState().lab.cluster.netns).flatMap((n) => n.interfaces.flatMap((d) => d.addrs.map((a) => a.ip)));
          const c = complete(state.line, state.cursor, {
            commands: cliCommands(),
            wordsFor: cliWords,
            names: [...words, ...ips.filter((ip) => !ip.startsWith('127.'))],
          });
          line.current = { ...state, line: c.line, cursor: c.cursor };
          if (c.options.length) t.write(`\r\n${c.options.join('  ')}\r\n`);
          return t.write(redraw(prompt(), line.current));
        }
        case 'submit': {
          // the lines of a here-document are its input, not commands for the history
          line.current = heredoc.current ? emptyLine(state.history) : submitted(state);
          t.write('\r\n');
          return submit(event.line);
        }
      }
    };
    const sub = t.onData((data) => {
      // a pasted here-document keeps all its lines (other pastes stop at the first newline)
      const pasted = pastedLines(data, !!heredoc.current, line.current.line);
      if (!pasted) return handle(data);
      pasted.forEach((seg, i) => {
        handle(seg);
        if (i < pasted.length - 1) handle('\r');
      });
    });
    const ro = new ResizeObserver(() => fitTerminal(t, host.current!));
    ro.observe(host.current!);
    return () => {
      ro.disconnect();
      sub.dispose();
      t.dispose();
      term.current = null;
    };
  }, []);

  // Opening the terminal on another place starts a fresh prompt there.
  useEffect(() => {
    const prev = targetRef.current;
    targetRef.current = target;
    const t = term.current;
    if (!t || !target || prev?.netnsId === target.netnsId) return;
    line.current = emptyLine(line.current.history);
    t.write(`\r\n\x1b[90m— now on ${target.label} —\x1b[0m\r\n${target.prompt}`);
  }, [target]);

  return (
    <div className="terminal-pane">
      <div className="terminal-pane__bar">
        <label htmlFor={`${id}-on`}>Terminal on</label>
        <select id={`${id}-on`} ref={picker} value={target?.netnsId ?? ''} onChange={(e) => useLabStore.getState().openTerminal(e.target.value)}>
          {targets.map((t) => (
            <option key={t.netnsId} value={t.netnsId}>
              {t.label}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--small" onClick={() => term.current?.focus()}>
          Focus terminal
        </button>
        <span className="hint">Esc returns focus here.</span>
      </div>
      {editing && (
        <TerminalEditor
          title={editing.title}
          initial={editing.text}
          onSave={(text) => {
            setEditing(undefined);
            const t = term.current;
            const where = targetRef.current;
            const out = where ? execute(where, editing.line, text) : { output: 'no pod or node to run on', clear: false };
            if (out.output) t?.write(`${out.output}\r\n`);
            t?.write(targetRef.current?.prompt ?? '$ ');
            t?.focus();
          }}
          onCancel={() => {
            setEditing(undefined);
            // kubectl edit, when the editor quits without a change
            term.current?.write(`Edit cancelled, no changes made.\r\n${targetRef.current?.prompt ?? '$ '}`);
            term.current?.focus();
          }}
        />
      )}
      <div ref={host} className="terminal-pane__screen" aria-label={`Terminal on ${target?.where ?? 'nothing'}`} role="region" />
    </div>
  );
}
