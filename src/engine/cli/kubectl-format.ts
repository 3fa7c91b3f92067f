/**
 * The text layouts kubectl prints with, ported from the Go that prints them:
 *
 * - `tabwrite`: `kubectl get` tables. cli-runtime pkg/printers/tabwriter.go configures
 *   liggitt/tabwriter with minwidth 6, tabwidth 4, padding 3, padchar ' '. Every row of one
 *   table has every cell, so a column is as wide as its widest cell plus 3, at least 6; the
 *   last cell of a row is not padded (REFERENCE.md §6.1).
 * - `tabbedString`: `kubectl describe`. kubectl pkg/describe/describe.go tabbedString runs Go
 *   text/tabwriter with minwidth 0, tabwidth 8, padding 2, padchar ' ', flags 0, whose
 *   column blocks are runs of consecutive lines that have a cell in that column: a line with
 *   no tab (`Containers:`, `IPs:`) ends every block and alignment restarts after it.
 * - `humanDuration`: k8s.io/apimachinery/pkg/util/duration HumanDuration (AGE columns,
 *   event ages).
 * - `listWithMore`: the `a,b,c + N more...` cells (printers.go listWithMoreString).
 */

const TABLE_MIN_WIDTH = 6;
const TABLE_PADDING = 3;

export function tabwrite(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? TABLE_MIN_WIDTH, cell.length + TABLE_PADDING);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join(''));
}

/**
 * Go text/tabwriter (Writer.format / writeLines) for `text` whose cells end in `\t` and whose
 * lines end in `\n`. A column block is the run of consecutive lines holding a terminated cell
 * in that column; its width is the widest such cell plus `padding` (at least `minwidth`).
 * Returns the lines (the final newline dropped).
 */
export function goTabwriter(text: string, minwidth: number, padding: number): string[] {
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++)
      out.push(lines[i].map((cell, j) => (j < widths.length && j < lines[i].length - 1 ? cell.padEnd(widths[j]) : cell)).join(''));
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(line0, i);
      line0 = i;
      let width = minwidth;
      for (; i < line1 && column < lines[i].length - 1; i++) width = Math.max(width, lines[i][column].length + padding);
      widths.push(width);
      format(line0, i);
      widths.pop();
      line0 = i;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out;
}

/** kubectl describe's layout (describe.go tabbedString: minwidth 0, padding 2). */
export function tabbedString(text: string): string[] {
  return goTabwriter(text, 0, 2);
}

/** apimachinery duration.HumanDuration, for an elapsed time in ms. */
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** printers.go listWithMoreString: at most `max` items, then ` + N more...`; `<unset>` when empty. */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown || '<unset>';
}

/** apimachinery labels.FormatLabels: `k=v` sorted by key, comma-joined; `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}
