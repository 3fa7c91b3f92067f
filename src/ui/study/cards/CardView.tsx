/** One card under review: the front, Reveal, then the back with the four ratings and "Show in the lab". */
import type { Ref } from 'react';
import { DOMAINS, TOPICS, type Card } from '../../../lessons/types';
import { openLabLink } from '../../nav/route';
import { Prose } from './Prose';

export const RATINGS = ['Again', 'Hard', 'Good', 'Easy'] as const;
export type RatingName = (typeof RATINGS)[number];

export interface RatingPreview {
  /** short form on the button ("10m") */
  readonly text: string;
  /** in words, for the accessible name ("10 minutes") */
  readonly words: string;
}

interface Props {
  readonly ref?: Ref<HTMLDivElement>;
  readonly card: Card;
  readonly revealed: boolean;
  readonly previews: Readonly<Record<RatingName, RatingPreview>> | undefined;
  readonly isExtra: boolean;
  readonly onReveal: () => void;
  readonly onRate: (r: RatingName) => void;
}

export function CardView({ ref, card, revealed, previews, isExtra, onReveal, onRate }: Props) {
  return (
    <section className="study-card" aria-label="Card">
      <div className="study-card__body" ref={ref} tabIndex={-1}>
        <p className="study-card__tags">
          <span className="study-card__tag">{TOPICS[card.topic]}</span>
          {card.domains.map((d) => (
            <span key={d} className="study-card__tag" title={DOMAINS[d].title}>
              {DOMAINS[d].exam}: {DOMAINS[d].title}
            </span>
          ))}
          {isExtra && <span className="study-card__tag is-extra">from a quiz answer</span>}
        </p>
        <h2 className="visually-hidden">Question</h2>
        <Prose className="study-card__front" text={card.front} />
        {revealed && (
          <div className="study-card__back" aria-label="Answer" role="region">
            <h2 className="visually-hidden">Answer</h2>
            <Prose text={card.back} />
          </div>
        )}
      </div>
      <div className="study-card__actions">
        {!revealed ? (
          <button type="button" className="btn btn--primary" onClick={onReveal} aria-keyshortcuts="Space Enter">
            Reveal
          </button>
        ) : (
          <div className="study-card__ratings" role="group" aria-label="Rate this card">
            {RATINGS.map((r, i) => (
              <button
                key={r}
                type="button"
                className={`btn rating rating--${r.toLowerCase()}`}
                onClick={() => onRate(r)}
                aria-keyshortcuts={String(i + 1)}
                aria-label={previews ? `${r}: next review in ${previews[r].words}` : r}
              >
                <span className="rating__name">{r}</span>
                {previews && (
                  <span className="rating__interval" aria-hidden="true">
                    {previews[r].text}
                  </span>
                )}
                <kbd aria-hidden="true">{i + 1}</kbd>
              </button>
            ))}
          </div>
        )}
        <button type="button" className="btn btn--ghost" onClick={() => openLabLink(card.link)}>
          Show in the lab
        </button>
      </div>
    </section>
  );
}
