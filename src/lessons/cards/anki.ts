/**
 * The deck as a text file Anki imports (File → Import), per the Anki manual "Importing → Text Files"
 * (docs.ankiweb.net/importing/text-files.html):
 * - header lines `#separator:tab`, `#html:false`, `#tags column:3` ("File Headers", Anki 2.1.55+), so
 *   Anki needs no questions: three columns, front / back / tags, plain text (Anki escapes it itself);
 * - a field holding the separator, a newline or a double quote is wrapped in double quotes, with each
 *   quote doubled ("escaped quotes"); Anki's reader also treats a line that starts with `#` as a
 *   comment, so a field starting with `#` is quoted too;
 * - tags are separated by spaces, so a tag has none inside; `::` makes Anki's hierarchical tags.
 * Pure: returns the text; the UI turns it into a download.
 */
import type { Card } from '../types';

export const ANKI_HEADER = ['#separator:tab', '#html:false', '#tags column:3'] as const;

/** A field as Anki's tab-separated reader reads it back unchanged. */
export function ankiField(text: string): string {
  const normal = text.replace(/\r\n?/g, '\n');
  return /[\t\n"]/.test(normal) || normal.startsWith('#') ? `"${normal.replace(/"/g, '""')}"` : normal;
}

/** A tag without spaces (Anki splits tags on whitespace). */
export function ankiTag(tag: string): string {
  return tag.trim().replace(/\s+/g, '_');
}

export function cardTags(card: Card): string[] {
  return ['podpath', `topic::${card.topic}`, ...card.domains.map((d) => `domain::${d}`), ...(card.seedQuestion ? ['seed-question'] : [])].map(ankiTag);
}

export interface AnkiOptions {
  /** text appended to the back on its own paragraph, e.g. the card's lab link as a URL */
  readonly backSuffix?: (card: Card) => string | undefined;
}

/** The whole file: header lines, then one note per card (front, back, tags), newline-terminated. */
export function ankiExport(cards: readonly Card[], opts: AnkiOptions = {}): string {
  const rows = cards.map((c) => {
    const suffix = opts.backSuffix?.(c);
    const back = suffix ? `${c.back}\n\n${suffix}` : c.back;
    return [ankiField(c.front), ankiField(back), ankiField(cardTags(c).join(' '))].join('\t');
  });
  return [...ANKI_HEADER, ...rows].join('\n') + '\n';
}
