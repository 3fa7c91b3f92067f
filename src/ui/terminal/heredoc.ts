/**
 * Here-documents in the lab terminal, as a POSIX shell reads them (sh(1) "Here-Document"):
 * a command line ending in `<<WORD`, `<<'WORD'` or `<<"WORD"` takes the lines typed after it,
 * up to a line that is exactly WORD, as its standard input. Quoting WORD turns off expansion in
 * a shell; the lab expands nothing either way. `<<-` (tab stripping) is not modelled.
 * Pure, so it is unit-tested without a DOM; TerminalPanel feeds it the submitted lines.
 */

export interface Heredoc {
  /** the command line without the `<<WORD` */
  readonly command: string;
  readonly delimiter: string;
  readonly lines: readonly string[];
}

const START = /^(.*?)\s*<<\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z_][A-Za-z0-9_]*))\s*$/;

/** The here-document a submitted line opens, or undefined for an ordinary line. */
export function heredocStart(line: string): Heredoc | undefined {
  if (/<<-/.test(line)) return undefined;
  const m = START.exec(line);
  if (!m || !m[1].trim()) return undefined;
  return { command: m[1].trim(), delimiter: m[2] ?? m[3] ?? m[4], lines: [] };
}

/** One more line: either the document goes on, or it ends and the command runs with its text. */
export function heredocFeed(
  h: Heredoc,
  line: string,
): { readonly done: false; readonly heredoc: Heredoc } | { readonly done: true; readonly command: string; readonly stdin: string } {
  if (line === h.delimiter) return { done: true, command: h.command, stdin: h.lines.length ? `${h.lines.join('\n')}\n` : '' };
  return { done: false, heredoc: { ...h, lines: [...h.lines, line] } };
}

/** A paste with newlines: its lines, when it opens or continues a here-document (otherwise the terminal keeps only the first line). */
export function pastedLines(data: string, inHeredoc: boolean, typed: string): readonly string[] | undefined {
  if (!/[\r\n]/.test(data) || data.length < 2) return undefined;
  const lines = data.split(/\r\n|\r|\n/);
  if (inHeredoc || heredocStart(typed + lines[0])) return lines;
  return undefined;
}
