/**
 * The Drills page (/drills, /drills/<seed>): a seeded incident shown only as symptoms — the
 * ticket and the reachability matrix — investigated in the lab (probes and terminal, the faults
 * panel hidden), then a diagnosis and the repair graded with partial credit and the shortest
 * fix shown. The URL is the share link: the same seed is the same incident. Building and
 * grading run the engine after a paint (never while rendering).
 */
import { useEffect, useRef, useState } from 'react';
import '../cards/cards.css';
import './drills.css';
import { createDrill, gradeDrill, remediationChoicesOf, type Drill, type DrillGrade, type DrillSubmission } from '../../../lessons/drills';
import { useProgress } from '../../progress/store';
import { navigate, useRoute } from '../../nav/route';
import { useLabStore } from '../../store/lab-store';
import { clockSeed, learnerLab, openInLab, SAMPLES } from './session';
import { MatrixTable } from './MatrixTable';
import { DiagnosisForm } from './DiagnosisForm';
import { DrillResult } from './DrillResult';

type Phase =
  | { readonly kind: 'preparing'; readonly seed: number }
  | { readonly kind: 'ready'; readonly drill: Drill }
  | { readonly kind: 'failed'; readonly seed: number; readonly error: string };

interface Graded {
  readonly submission: DrillSubmission;
  readonly grade: DrillGrade;
}

/** The last drill built (coming back from the lab does not rebuild it). */
let cached: Drill | null = null;

const afterPaint = (work: () => void) => window.setTimeout(work, 0);

export default function DrillsPage() {
  const route = useRoute();
  const seed = route.page === 'drills' ? route.seed : null;
  // /drills alone: back to the drill open in the lab, else a new one (the URL always names its seed)
  useEffect(() => {
    if (seed === null) navigate(`/drills/${useLabStore.getState().drill ?? clockSeed()}`, { replace: true });
  }, [seed]);
  if (seed === null)
    return (
      <p className="boot__status" role="status">
        Drawing an incident…
      </p>
    );
  return <DrillRun key={seed} seed={seed} />;
}

/** One seed's drill: built after a paint, then the ticket, the lab door, the form and the result. */
function DrillRun({ seed }: { seed: number }) {
  const [phase, setPhase] = useState<Phase>(() => (cached?.seed === seed ? { kind: 'ready', drill: cached } : { kind: 'preparing', seed }));
  const [graded, setGraded] = useState<Graded | null>(null);
  const [busy, setBusy] = useState(false);
  const drillFinished = useProgress((s) => s.drillFinished);
  const inLab = useLabStore((s) => s.drill ?? null);
  const labCommands = useLabStore((s) => s.commands?.length ?? 0);
  const resultRef = useRef<HTMLDivElement>(null);
  const preparing = phase.kind === 'preparing';

  useEffect(() => {
    if (!preparing) return;
    let live = true;
    afterPaint(() => {
      if (!live) return;
      try {
        cached = createDrill(seed, SAMPLES);
        setPhase({ kind: 'ready', drill: cached });
      } catch (e) {
        setPhase({ kind: 'failed', seed, error: e instanceof Error ? e.message : String(e) });
      }
    });
    return () => {
      live = false;
    };
  }, [seed, preparing]);

  useEffect(() => {
    if (graded) resultRef.current?.querySelector('h2')?.focus();
  }, [graded]);

  if (phase.kind === 'preparing')
    return (
      <p className="boot__status" role="status">
        Preparing incident {phase.seed}…
      </p>
    );
  if (phase.kind === 'failed')
    return (
      <div className="crash" role="alert">
        <p className="crash__title">Drill {phase.seed} could not be prepared.</p>
        <p className="crash__detail">{phase.error}</p>
        <button type="button" className="btn" onClick={() => navigate(`/drills/${clockSeed()}`)}>
          Try another drill
        </button>
      </div>
    );

  const { drill } = phase;
  const opened = inLab === drill.seed;
  const submit = (submission: DrillSubmission) => {
    setBusy(true);
    afterPaint(() => {
      const grade = gradeDrill(drill, submission, learnerLab(drill).lab);
      drillFinished({ seed: drill.seed, at: new Date().toISOString(), score: grade.score, diagnosisCorrect: grade.diagnosisCorrect, fixed: grade.fixed });
      setGraded({ submission, grade });
      setBusy(false);
    });
  };
  const shareUrl = `${location.origin}/drills/${drill.seed}`;

  return (
    <div className="study drills">
      <div className="study__head">
        <h1>Incident drill {drill.seed}</h1>
        <button type="button" className="btn" onClick={() => navigate(`/drills/${clockSeed()}`)}>
          New drill
        </button>
      </div>
      <p className="drill-share">
        Share this incident: <a href={shareUrl}>{shareUrl}</a> — the same seed is the same incident.
      </p>

      <section aria-labelledby="drill-ticket-h" className="drill-card">
        <h2 id="drill-ticket-h">The ticket</h2>
        <blockquote className="drill-ticket" data-testid="drill-ticket">
          {drill.ticket}
        </blockquote>
        <p className="drill-meta">
          Cluster: {drill.scenario.metadata.name} ({drill.scenario.cluster.cni} {drill.scenario.cluster.mode}, kube-proxy {drill.scenario.cluster.kubeProxy}).
        </p>
        <MatrixTable probes={drill.probes} caption="What the checks show now" columns={[{ title: 'Now', matrix: drill.before, asSeen: true }]} />
      </section>

      <section aria-labelledby="drill-investigate-h" className="drill-card">
        <h2 id="drill-investigate-h">Investigate and repair</h2>
        <p>
          Open the broken cluster in the lab: send probes, use the terminal on any node or pod and repair what you find. The faults panel stays hidden for the
          drill. Come back here (Drills in the navigation) to submit; your lab’s state is graded.
        </p>
        <p>
          <button type="button" className="btn btn--primary" onClick={() => openInLab(drill)}>
            {opened ? 'Back to the lab' : 'Open in the lab'}
          </button>{' '}
          <span className="drill-meta" role="status">
            {opened ? `This drill is open in the lab (${labCommands} terminal command${labCommands === 1 ? '' : 's'} so far).` : 'Not opened in the lab yet.'}
          </span>
        </p>
      </section>

      <section aria-labelledby="drill-diagnosis-h" className="drill-card">
        <h2 id="drill-diagnosis-h">Your diagnosis</h2>
        <DiagnosisForm key={drill.seed} remediations={remediationChoicesOf(drill)} busy={busy} onSubmit={submit} />
      </section>

      <div ref={resultRef} aria-live="polite">
        {graded && <DrillResult drill={drill} grade={graded.grade} submission={graded.submission} />}
      </div>
    </div>
  );
}
