/**
 * A question a learner got wrong joins the card deck as `quiz:<questionId>` (learn-shared.md
 * "Progress": addCard). The card asks the question again and answers it in words; the link opens
 * the lab state that shows it live.
 */
import type { Card, Question } from '../types';
import { solutionText } from './grade';

export const QUIZ_CARD_PREFIX = 'quiz:';

export function questionCardId(questionId: string): string {
  return `${QUIZ_CARD_PREFIX}${questionId}`;
}

function answerLine(q: Question): string {
  switch (q.kind) {
    case 'choice':
      return q.choices[q.answer];
    case 'predict':
      return 'Send the probe in the lab and watch where it ends.';
    case 'command':
      return `\`${q.solution}\` (on ${q.where})`;
    case 'fix':
      return solutionText(q.solution)
        .split('\n')
        .map((l) => `\`${l}\``)
        .join(', ');
  }
}

export function questionCard(q: Question): Card {
  return {
    id: questionCardId(q.id),
    front: q.prompt,
    back: `${answerLine(q)}\n\n${q.explanation}`,
    topic: q.topic,
    domains: [q.domain],
    ...(q.seedQuestion ? { seedQuestion: q.seedQuestion } : {}),
    ...(q.seeds ? { seeds: q.seeds } : {}),
    link: q.link,
  };
}
