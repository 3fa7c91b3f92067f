/**
 * The Cards page: review the deck with FSRS (ts-fsrs through src/lessons/cards/schedule.ts).
 * A card shows its front; Reveal (Space or Enter) shows the back; Again / Hard / Good / Easy
 * (keys 1–4) rate it, each button naming the interval it schedules. Due cards come first
 * (deck.ts). Every rating goes to the progress store, so the schedule survives a reload.
 * The page reads the clock (the lessons code may not: learn-shared.md "Progress").
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import './cards.css';
import type { Card } from '../../../lessons/types';
import { CARDS } from '../../../lessons/cards';
import { QUESTIONS, questionCard, QUIZ_CARD_PREFIX } from '../../../lessons/quiz';
import { useProgress } from '../../progress/store';
import { deckCounts, deckOf, nextCard, nextDueAt } from './deck';
import { intervalText } from './intervals';
import { CardView, RATINGS, type RatingName } from './CardView';
import { previewRatings, rateCard } from './rating';
import { downloadAnki } from './anki-download';

const questionById = new Map(QUESTIONS.map((q) => [q.id, q]));
const cardOfExtra = (id: string): Card | undefined => {
  if (!id.startsWith(QUIZ_CARD_PREFIX)) return undefined;
  const q = questionById.get(id.slice(QUIZ_CARD_PREFIX.length));
  return q ? questionCard(q) : undefined;
};

/** the page re-reads the clock this often, so a card scheduled a minute out comes back on its own */
const TICK_MS = 15_000;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export default function CardsPage() {
  const schedule = useProgress((s) => s.progress.cards);
  const extraCards = useProgress((s) => s.progress.extraCards);
  const cardReviewed = useProgress((s) => s.cardReviewed);
  const deck = useMemo(() => deckOf(CARDS, extraCards, cardOfExtra), [extraCards]);
  const [now, setNow] = useState(() => Date.now());
  const [revealed, setRevealed] = useState(false);
  const [reviewedNow, setReviewedNow] = useState(0);
  const cardRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(t);
  }, []);

  const counts = deckCounts(deck, schedule, now);
  const card = nextCard(deck, schedule, now);
  const previews = useMemo(() => (card && revealed ? previewRatings(schedule[card.id], now) : undefined), [card, revealed, schedule, now]);

  const reveal = useCallback(() => {
    setRevealed(true);
    // the back is read next: focus moves to the card, not to a button that just vanished
    requestAnimationFrame(() => cardRef.current?.focus());
  }, []);

  const rate = useCallback(
    (rating: RatingName) => {
      if (!card) return;
      const at = Date.now();
      cardReviewed(card.id, rateCard(schedule[card.id], rating, at));
      setNow(at);
      setRevealed(false);
      setReviewedNow((n) => n + 1);
      requestAnimationFrame(() => cardRef.current?.focus());
    },
    [card, schedule, cardReviewed],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!card || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      // a focused button handles its own Space/Enter (native click), not twice
      const onControl = e.target instanceof HTMLElement && /^(BUTTON|A|SUMMARY)$/.test(e.target.tagName);
      if (!revealed && (e.key === ' ' || e.key === 'Enter') && !onControl) {
        e.preventDefault();
        reveal();
      } else if (revealed && /^[1-4]$/.test(e.key)) {
        e.preventDefault();
        rate(RATINGS[Number(e.key) - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [card, revealed, reveal, rate]);

  const next = card ? undefined : nextDueAt(deck, schedule);
  return (
    <div className="study cards-page">
      <header className="study__head">
        <h1>Study cards</h1>
        <dl className="cards-counts" aria-label="Deck">
          <div>
            <dt>Due</dt>
            <dd>{counts.due}</dd>
          </div>
          <div>
            <dt>New</dt>
            <dd>{counts.fresh}</dd>
          </div>
          <div>
            <dt>Learned</dt>
            <dd>{counts.learned}</dd>
          </div>
          <div>
            <dt>In the deck</dt>
            <dd>{counts.total}</dd>
          </div>
        </dl>
        <button type="button" className="btn" onClick={() => downloadAnki(deck)}>
          Export for Anki
        </button>
      </header>

      <p className="visually-hidden" role="status">
        {reviewedNow > 0 ? `${reviewedNow} reviewed this session. ${counts.due} due, ${counts.fresh} new.` : ''}
      </p>

      {card ? (
        <CardView
          key={card.id}
          ref={cardRef}
          card={card}
          revealed={revealed}
          previews={previews}
          onReveal={reveal}
          onRate={rate}
          isExtra={card.id.startsWith(QUIZ_CARD_PREFIX)}
        />
      ) : (
        <section className="cards-done" aria-label="Review">
          <h2>All caught up</h2>
          <p>{next === undefined ? 'The deck is empty.' : `The next card is due in ${intervalText(now, next)}.`}</p>
        </section>
      )}

      <section className="cards-keys" aria-labelledby="cards-keys-title">
        <h2 id="cards-keys-title">Keyboard shortcuts</h2>
        <ul>
          <li>
            <kbd>Space</kbd> or <kbd>Enter</kbd> — reveal the answer
          </li>
          <li>
            <kbd>1</kbd> Again · <kbd>2</kbd> Hard · <kbd>3</kbd> Good · <kbd>4</kbd> Easy — rate the card once revealed
          </li>
        </ul>
        <p className="hint">Cards are scheduled with FSRS: the interval on each button is when the card comes back after that rating.</p>
      </section>
    </div>
  );
}
