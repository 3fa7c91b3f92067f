/**
 * The bank checked against the engine (issue 8 "Done when"): every predict key computes and its
 * place and reason are offered; every command solution shows what it should and some wrong pick
 * does not; every fix solution meets its goal while the unrepaired lab does not.
 */
import { describe, expect, it } from 'vitest';
import { DOMAINS, TOPICS } from '../types';
import { applyActions, checkGoal, emptyWorld } from '../core';
import { loadSamplesForTests } from '../core/samples-node';
import { SEED_QUESTIONS } from '../seeds';
import { QUESTIONS } from './index';
import { answerKey, gradeAnswer, questionLab, runForQuestion } from './grade';

const samples = loadSamplesForTests();
const of = <K extends (typeof QUESTIONS)[number]['kind']>(k: K) => QUESTIONS.filter((q): q is Extract<(typeof QUESTIONS)[number], { kind: K }> => q.kind === k);

describe('question bank', () => {
  it('has at least 120 questions with unique ids', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(QUESTIONS.length);
  });

  it('has the kinds the issue asks for', () => {
    expect(of('predict').length).toBeGreaterThanOrEqual(15);
    expect(of('command').length).toBeGreaterThanOrEqual(12);
    expect(of('fix').length).toBeGreaterThanOrEqual(6);
  });

  it('tags every question with a known domain and topic, an explanation and a link', () => {
    for (const q of QUESTIONS) {
      expect(DOMAINS, q.id).toHaveProperty(q.domain);
      expect(TOPICS, q.id).toHaveProperty(q.topic);
      expect(q.explanation.length, q.id).toBeGreaterThan(40);
      if (q.link.kind === 'scenario') expect(samples, q.id).toHaveProperty(q.link.scenario);
      expect(q.seeds?.length, q.id).toBeGreaterThan(0);
    }
  });

  it('gives every choice question a valid answer index', () => {
    for (const q of of('choice')) {
      expect(q.choices.length, q.id).toBeGreaterThanOrEqual(2);
      expect(q.answer, q.id).toBeGreaterThanOrEqual(0);
      expect(q.answer, q.id).toBeLessThan(q.choices.length);
      expect(new Set(q.choices).size, q.id).toBe(q.choices.length);
    }
  });

  it('covers every seed interview, quick-check, study-card and check-yourself question', () => {
    const ids = new Set(SEED_QUESTIONS.map((s) => s.id));
    const used = QUESTIONS.flatMap((q) => (q.seedQuestion ? [q.seedQuestion] : []));
    for (const id of used) expect(ids.has(id), id).toBe(true);
    for (const s of SEED_QUESTIONS) expect(used, s.id).toContain(s.id);
  });

  it('weights CKA Services & Networking and Troubleshooting, and covers CKS', () => {
    const n = (d: string) => QUESTIONS.filter((q) => q.domain === d).length;
    expect(n('cka-networking')).toBeGreaterThanOrEqual(25);
    expect(n('cka-troubleshooting')).toBeGreaterThanOrEqual(35);
    expect(QUESTIONS.filter((q) => q.domain.startsWith('cks-')).length).toBeGreaterThanOrEqual(20);
  });
});

describe('predict questions: the key is the engine’s', () => {
  for (const q of of('predict')) {
    it(q.id, () => {
      const key = answerKey(q, samples);
      expect(q.atChoices).toContain(key.at);
      expect(q.reasonChoices).toContain(key.reason);
      const right = gradeAnswer(q, { kind: 'predict', prediction: { verdict: key.verdict, at: key.at, reason: key.reason } }, samples);
      expect(right.correct).toBe(true);
    });
  }
});

describe('command questions: checked by running them', () => {
  for (const q of of('command')) {
    it(q.id, () => {
      const sol = runForQuestion(q, q.solution, samples);
      expect(sol.output, `${q.solution} should match /${q.expect}/`).toMatch(new RegExp(q.expect, 'm'));
      expect(sol.exitCode).toBe(0);
      expect(q.choices).toContain(q.solution);
      const wrong = q.choices.filter((c) => c !== q.solution).map((c) => runForQuestion(q, c, samples));
      expect(wrong.some((w) => !w.shows)).toBe(true);
    });
  }
});

describe('fix questions: the solution repairs, the broken lab fails', () => {
  for (const q of of('fix')) {
    it(q.id, () => {
      expect(q.faults.length).toBeGreaterThan(0);
      const broken = emptyWorld(questionLab(q, samples));
      expect(checkGoal(q.goal, broken).met, 'the unrepaired lab must not meet the goal').toBe(false);
      const fixed = applyActions(broken, q.solution);
      for (const c of fixed.commands) expect(c.exitCode, `${c.where}$ ${c.line}: ${c.output}`).toBe(0);
      expect(checkGoal(q.goal, fixed).met).toBe(true);
    });
  }
});
