/**
 * The Drills page (/drills/<seed>): a seeded incident shown as a ticket and a reachability
 * matrix, opened in the lab with the faults panel hidden, repaired in the terminal, then
 * submitted and graded — full marks for the right diagnosis and a repair that brings every
 * check back. The seed and its expected ticket and fix come from the same pure drill code
 * the page runs (src/lessons/drills), so the test follows the engine.
 */
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';
import { loadSamplesForTests } from '../src/lessons/core/samples-node';
import { createDrill, shortestFix, choiceText, COMPONENTS, LAYERS, ROOT_CAUSES, type Drill } from '../src/lessons/drills';

const samples = loadSamplesForTests();

/** The first seed whose incident a single terminal line on a node repairs (a route or a DROP rule). */
function terminalDrill(): { drill: Drill; where: string; line: string } {
  for (let seed = 1; seed < 400; seed++) {
    const drill = createDrill(seed, samples);
    if (!['delete-route', 'add-route', 'block'].includes(drill.fault.type)) continue;
    const fix = shortestFix(drill);
    const [step] = fix;
    if (fix.length === 1 && step?.do === 'command' && !step.stdin && drill.lab.cluster.nodes.some((n) => n.name === step.where))
      return { drill, where: step.where, line: step.line };
  }
  throw new Error('no drill with a one-line terminal fix among seeds 1..399');
}

test('run a drill to a graded result: ticket, lab without faults panel, terminal repair, diagnosis, score', async ({ page, consoleErrors }) => {
  void consoleErrors;
  test.setTimeout(120_000);
  const { drill, where, line } = terminalDrill();
  await page.goto(`/drills/${drill.seed}`);
  await expect(page.getByRole('heading', { level: 1, name: `Incident drill ${drill.seed}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('drill-ticket')).toHaveText(drill.ticket);
  // the symptom only: the matrix as the ticket's reporter saw it, the fault never named
  const now = page.getByRole('table', { name: 'What the checks show now' });
  await expect(now.getByRole('row')).toHaveCount(drill.probes.length + 1);
  await expect(page.locator('main')).not.toContainText(drill.faultLabel);
  await page.screenshot({ path: '/tmp/shots/drill-ticket.png', fullPage: true });

  await page.getByRole('button', { name: 'Open in the lab' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('list', { name: 'Faults' })).toHaveCount(0);
  await expect(page.getByText(`Incident drill ${drill.seed}`)).toBeVisible();
  const term = new TerminalPane(page);
  await term.open(`${where} (node)`);
  await term.run(line);
  await page.screenshot({ path: '/tmp/shots/drill-lab.png' });

  await page.getByRole('navigation').getByRole('link', { name: 'Drills' }).click();
  await expect(page).toHaveURL(new RegExp(`/drills/${drill.seed}$`));
  await expect(page.getByText('This drill is open in the lab')).toBeVisible({ timeout: 30_000 });
  const form = page.getByRole('form', { name: 'Diagnosis' });
  await form.getByLabel('Layer').selectOption({ label: choiceText(LAYERS, drill.truth.layer) });
  await form.getByLabel('Component').selectOption({ label: choiceText(COMPONENTS, drill.truth.component) });
  await form.getByLabel('Root cause').selectOption({ label: choiceText(ROOT_CAUSES, drill.truth.rootCause) });
  await form.getByRole('button', { name: 'Submit diagnosis and repair' }).click();

  await expect(page.getByTestId('drill-score')).toHaveText('100%', { timeout: 30_000 });
  await expect(page.getByText('every check is back to how it was before the incident')).toBeVisible();
  await expect(page.getByText(drill.faultLabel)).toBeVisible();
  const after = page.getByRole('table', { name: /on your lab now/ });
  // columns: before the incident, during it, your lab now — and "now" is the healthy one again
  const failing = (m: Drill['healthy']) => m.filter((c) => c.verdict !== 'delivered').length;
  await expect(after.locator('td[data-kind]').filter({ hasText: /^(no answer|error)/ })).toHaveCount(2 * failing(drill.healthy) + failing(drill.before));
  await expect(page.getByRole('list').filter({ hasText: line })).toBeVisible();
  await page.locator('.drill-result').screenshot({ path: '/tmp/shots/drill-result.png' });
});

test('a wrong diagnosis without a repair gets no credit, and the shortest fix is shown', async ({ page, consoleErrors }) => {
  void consoleErrors;
  const { drill, line } = terminalDrill();
  await page.goto(`/drills/${drill.seed}`);
  const form = page.getByRole('form', { name: 'Diagnosis' });
  await expect(form).toBeVisible({ timeout: 30_000 });
  await form.getByLabel('Layer').selectOption({ label: choiceText(LAYERS, LAYERS.find((c) => c.id !== drill.truth.layer)!.id) });
  await form.getByLabel('Component').selectOption({ label: choiceText(COMPONENTS, COMPONENTS.find((c) => c.id !== drill.truth.component)!.id) });
  await form.getByLabel('Root cause').selectOption({ label: choiceText(ROOT_CAUSES, drill.truth.rootCause) });
  await form.getByRole('button', { name: 'Submit diagnosis and repair' }).click();
  await expect(page.getByTestId('drill-score')).toHaveText('25%', { timeout: 30_000 });
  await expect(page.getByText(/0 of \d+ broken check\(s\) work again/)).toBeVisible();
  await expect(page.locator('.drill-result__fix')).toContainText(line);
});
