/**
 * Tab completion: the first word from the engine's command list, later words from that
 * command's own words (`route`, `fdb`, `-c`…) and the lab's pod, node and host names and
 * addresses. Pure.
 */

export interface Completion {
  readonly line: string;
  readonly cursor: number;
  /** when several candidates remain: all of them, to print */
  readonly options: readonly string[];
}

export interface CompletionSource {
  readonly commands: readonly string[];
  readonly wordsFor: (command: string) => readonly string[];
  /** pod, node and host names and addresses */
  readonly names: readonly string[];
}

function commonPrefix(xs: readonly string[]): string {
  if (!xs.length) return '';
  let p = xs[0];
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function complete(line: string, cursor: number, src: CompletionSource): Completion {
  const before = line.slice(0, cursor);
  const tokens = before.split(/\s+/);
  const current = tokens[tokens.length - 1];
  const prev = tokens.slice(0, -1).filter(Boolean);
  const command = prev[0] === 'sudo' ? prev[1] : prev[0];
  const pool = command === undefined ? src.commands : [...src.wordsFor(command), ...src.names];
  const candidates = [...new Set(pool)].filter((c) => c.startsWith(current)).sort();
  if (candidates.length === 0) return { line, cursor, options: [] };
  const add =
    candidates.length === 1
      ? `${candidates[0].slice(current.length)}${candidates[0].endsWith('/') ? '' : ' '}`
      : commonPrefix(candidates).slice(current.length);
  return { line: before + add + line.slice(cursor), cursor: cursor + add.length, options: candidates.length > 1 ? candidates : [] };
}
