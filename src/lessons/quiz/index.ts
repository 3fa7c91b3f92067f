/**
 * The CKA/CKS question bank and its grading (learn-shared.md: `export const QUESTIONS`).
 * Questions are data, one file per topic group; grade.ts grades one answer, session.ts runs a
 * practice or exam session, card.ts turns a wrong answer into a study card.
 */
import type { Question } from '../types';
import { COMMAND_QUESTIONS } from './q-command';
import { FIX_QUESTIONS } from './q-fix';
import { HARDENING_QUESTIONS } from './q-hardening';
import { IPAM_QUESTIONS } from './q-ipam';
import { MODEL_QUESTIONS } from './q-model';
import { NETWORK_QUESTIONS } from './q-network';
import { SECURITY_QUESTIONS } from './q-security';
import { SERVICE_QUESTIONS } from './q-services';
import { TROUBLESHOOT_QUESTIONS } from './q-troubleshoot';
import { PREDICT_QUESTIONS } from './q-predict';
import { PREDICT_SERVICE_QUESTIONS } from './q-predict-services';
import { RUNTIME_QUESTIONS } from './q-runtime';
import { withSeedRefs } from './seed-refs';
import { spreadAnswer } from './build';

export const QUESTIONS: readonly Question[] = [
  ...MODEL_QUESTIONS,
  ...IPAM_QUESTIONS,
  ...NETWORK_QUESTIONS,
  ...SERVICE_QUESTIONS,
  ...SECURITY_QUESTIONS,
  ...HARDENING_QUESTIONS,
  ...RUNTIME_QUESTIONS,
  ...TROUBLESHOOT_QUESTIONS,
  ...PREDICT_QUESTIONS,
  ...PREDICT_SERVICE_QUESTIONS,
  ...COMMAND_QUESTIONS,
  ...FIX_QUESTIONS,
]
  .map(spreadAnswer)
  .map(withSeedRefs);

export { questionCard, questionCardId, QUIZ_CARD_PREFIX } from './card';
export { gradeAnswer, gradeFixWorld, answerKey, questionLab, runForQuestion, predictionText, solutionText, type Given, type Grade } from './grade';
export {
  startSession,
  reduceSession,
  pickQuestions,
  seededRandom,
  visibleGrade,
  secondsLeft,
  sessionResult,
  toQuizAttempt,
  type Session,
  type SessionConfig,
  type SessionEvent,
  type SessionEnv,
  type SessionMode,
  type SessionAnswer,
  type SessionResult,
  type ReviewItem,
} from './session';
