import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Card } from '../types';
import { ANKI_HEADER, ankiExport, ankiField, cardTags } from './anki';
import { CARDS } from './index';

/**
 * A reader with the rules Anki's text importer applies to a tab-separated file (the manual's
 * "Text Files": quoted fields, doubled quotes, `#` lines are headers or comments).
 */
function readAnki(text: string): { headers: string[]; rows: string[][] } {
  const headers: string[] = [];
  const rows: string[][] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '#') {
      const end = text.indexOf('\n', i);
      headers.push(text.slice(i, end < 0 ? text.length : end));
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quote');
          if (text[i] === '"' && text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else if (text[i] === '"') {
            i++;
            break;
          } else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== '\t' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      row.push(field);
      if (text[i] === '\t') {
        i++;
        continue;
      }
      if (text[i] === '\n') i++;
      break;
    }
    rows.push(row);
  }
  return { headers, rows };
}

const card = (front: string, back: string): Card => ({
  id: 'x',
  front,
  back,
  topic: 'mtu',
  domains: ['cka-networking'],
  link: { kind: 'scenario', scenario: 'mtu-black-hole' },
});

describe('Anki export', () => {
  it('starts with the three header lines Anki reads', () => {
    const text = ankiExport(CARDS.slice(0, 2));
    expect(text.split('\n').slice(0, 3)).toEqual([...ANKI_HEADER]);
    expect(ANKI_HEADER).toEqual(['#separator:tab', '#html:false', '#tags column:3']);
  });

  it('writes one row of front, back, tags per card, and reads back unchanged', () => {
    const { headers, rows } = readAnki(ankiExport(CARDS));
    expect(headers).toEqual([...ANKI_HEADER]);
    expect(rows.length).toBe(CARDS.length);
    rows.forEach((row, n) => {
      expect(row).toEqual([CARDS[n].front, CARDS[n].back, cardTags(CARDS[n]).join(' ')]);
    });
  });

  it('quotes tabs, newlines, quotes and a leading #', () => {
    expect(ankiField('plain text')).toBe('plain text');
    expect(ankiField('a\tb')).toBe('"a\tb"');
    expect(ankiField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(ankiField('say "hi"')).toBe('"say ""hi"""');
    expect(ankiField('#not a comment')).toBe('"#not a comment"');
    expect(ankiField('a\r\nb')).toBe('"a\nb"');
  });

  it('tags: podpath, the topic and the domains, no spaces inside a tag', () => {
    expect(cardTags(CARDS[0])).toEqual(['podpath', 'topic::model', 'domain::cka-architecture', 'domain::cka-networking', 'seed-question']);
    for (const c of CARDS) for (const t of cardTags(c)) expect(t).not.toMatch(/\s/);
  });

  it('appends a suffix (a lab link) to the back when asked', () => {
    const { rows } = readAnki(ankiExport([card('f', 'b')], { backSuffix: () => 'https://example.test/cards#x' }));
    expect(rows[0][1]).toBe('b\n\nhttps://example.test/cards#x');
  });

  it('property: any front and back survive the round trip', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '"', '#', 'é', ';', ',') });
    fc.assert(
      fc.property(text, text, (front, back) => {
        const { rows } = readAnki(ankiExport([card(front, back)]));
        expect(rows).toEqual([[front, back, 'podpath topic::mtu domain::cka-networking']]);
      }),
      { numRuns: 300 },
    );
  });
});
