/**
 * "Export for Anki": the deck as Anki's tab-separated text import (src/lessons/cards/anki.ts
 * writes the text and its header lines), handed to the browser as a file download.
 */
import type { Card } from '../../../lessons/types';
import { ankiExport } from '../../../lessons/cards/anki';
import { routePath } from '../../nav/route';

/** a lesson step is a page of its own: its address goes on the back, so Anki can open it */
function backSuffix(card: Card): string | undefined {
  if (card.link.kind !== 'lesson') return undefined;
  return `In podpath: ${location.origin}${routePath({ page: 'lesson', lesson: card.link.lesson, step: card.link.step })}`;
}

export const ANKI_FILE_NAME = 'podpath-cards.txt';

export function downloadAnki(deck: readonly Card[]): void {
  const blob = new Blob([ankiExport(deck, { backSuffix })], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = ANKI_FILE_NAME;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has started the download; the URL can go once the event loop turns
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
