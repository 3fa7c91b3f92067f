import { useEffect, useId, useMemo, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useLabStore } from '../store/lab-store';
import { shellTargets, type ShellTarget } from '../panels/shell-targets';
import { applyKey, emptyLine, redraw, submitted, type LineState } from './line-editor';
import { complete } from './completion';
import { cliCommands, cliWords } from './cli';
import { execute } from './execute';
import { fitTerminal, TERMINAL_THEME } from './fit';

const GREETING = 'podpath terminal — the engine\u2019s CLI. Tab completes, \u2191/\u2193 browse history, Esc leaves the terminal.';

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
    const prompt = () => targetRef.current?.prompt ?? '$ ';
    t.writeln(`\x1b[90m${GREETING}\x1b[0m`);
    t.write(prompt());
    const sub = t.onData((data) => {
      const { state, event } = applyKey(line.current, data);
      line.current = state;
      switch (event.kind) {
        case 'edit':
          return t.write(redraw(prompt(), state));
        case 'cancel':
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
          line.current = submitted(state);
          t.write('\r\n');
          const where = targetRef.current;
          const out = where ? execute(where, event.line) : { output: 'no pod or node to run on', clear: false };
          if (out.clear) t.clear();
          if (out.output) t.write(`${out.output}\r\n`);
          return t.write(prompt());
        }
      }
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
      <div ref={host} className="terminal-pane__screen" aria-label={`Terminal on ${target?.where ?? 'nothing'}`} role="region" />
    </div>
  );
}
