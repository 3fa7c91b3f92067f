/**
 * Splits a command line the way a POSIX shell does for simple commands (quoting only):
 * whitespace separates words, '…' is literal, "…" honours \" \\ \$ \`, a backslash outside
 * quotes escapes the next character, an unquoted # starts a comment.
 * Pipes, redirection, lists and substitutions are not modelled; they are reported, not ignored.
 */
export type Tokens = { readonly ok: true; readonly argv: string[] } | { readonly ok: false; readonly error: string };

const OPERATORS = '|&;<>()`';

export function tokenize(line: string): Tokens {
  const argv: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "podpath: unexpected end of line: unterminated quote (')" };
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        cur += line[j];
      }
      if (j >= line.length) return { ok: false, error: 'podpath: unexpected end of line: unterminated quote (")' };
      inWord = true;
      i = j;
    } else if (ch === '\\') {
      if (i + 1 < line.length) cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) argv.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '#' && !inWord) {
      break;
    } else if (OPERATORS.includes(ch) || (ch === '$' && line[i + 1] === '(')) {
      return { ok: false, error: `podpath: shell operators (${ch === '$' ? '$(' : ch}) are not modelled in this lab: run one command at a time` };
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) argv.push(cur);
  return { ok: true, argv };
}
