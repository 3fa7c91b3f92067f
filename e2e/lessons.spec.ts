/**
 * Issue 8 "Done when": finish a lesson with a predict and a fix step in Chromium, through the
 * page the way a learner does (Lessons page, the lesson panel docked in the lab, the send form,
 * the terminal), then reload and find the progress kept. The lesson is Calico BGP
 * (src/lessons/lessons/calico-bgp.ts): explain, investigate, send, predict, fix.
 */
import { test, expect } from './fixtures';
import { TerminalPane } from './pages/terminal';

const SHOTS = '/tmp/shots';

test('finish the Calico BGP lesson: predict, then repair from the terminal; progress survives a reload', async ({ page, lab }) => {
  await page.goto('/lessons');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Lessons' })).toHaveAttribute('aria-current', 'page');
  const card = page.locator('.lesson-card').filter({ hasText: 'BGP' });
  await expect(card).toContainText('0 of 5 steps done');
  await card.getByRole('link', { name: /^Start / }).click();
  await expect(page).toHaveURL(/\/lessons\/calico-bgp\/how$/);

  const next = page.getByRole('button', { name: /^(Next step|Finish lesson)$/ });
  const kind = page.locator('.lesson__kind');
  await expect(kind).toContainText('Step 1 of 5');
  // the lab is right there beside the lesson
  await expect(lab.canvas.locator('.react-flow__node').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/lesson-1-explain.png` });
  await next.click();

  // 2. investigate: two commands on node1
  await expect(page).toHaveURL(/\/lessons\/calico-bgp\/healthy$/);
  await expect(next).toBeDisabled();
  const term = new TerminalPane(page);
  await term.open('node1 (node)');
  await term.run('calicoctl node status');
  await term.run('ip route');
  await expect(page.getByText('Goal met.')).toBeVisible();
  await next.click();

  // 3. send: a ping across the routed network, from the send form
  await expect(kind).toContainText('Step 3 of 5');
  await lab.sendProbe({ from: 'client', to: 'web-1', protocol: 'icmp' });
  await expect(page.getByText('Goal met.')).toBeVisible();
  await next.click();

  // 4. predict: commit first, then the trace plays and the form shows what was right
  await expect(kind).toContainText('Step 4 of 5');
  await expect(next).toBeDisabled();
  await page.getByRole('radio', { name: /^Dropped/ }).check();
  await page.getByLabel('Where does it end?').selectOption('router');
  await page.getByLabel('Why?').selectOption('BLACKHOLE_ROUTE');
  await page.screenshot({ path: `${SHOTS}/lesson-4-predict.png` });
  await page.getByRole('button', { name: 'Commit prediction' }).click();
  await expect(page.getByText('Your prediction scored 100%')).toBeVisible();
  await expect(lab.verdict).toContainText(/dropped/i);
  await page.screenshot({ path: `${SHOTS}/lesson-4-predicted.png` });
  await next.click();

  // 5. fix: the BGP session is down; put the route back by hand
  await expect(kind).toContainText('Step 5 of 5');
  await expect(page.getByText('The client reaches web-1 again')).toBeVisible();
  await expect(next).toBeDisabled();
  await term.open('node1 (node)');
  await term.run('ip route add 10.244.0.64/26 via 192.168.1.11');
  await expect(page.getByText('Goal met.')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/lesson-5-fixed.png` });
  await next.click();
  await expect(page.getByText('Lesson complete.')).toBeVisible();

  // reload: the progress is kept
  await page.goto('/lessons');
  await expect(page.locator('.lesson-card').filter({ hasText: 'BGP' })).toContainText('5 of 5 steps done');
  await page.reload();
  await expect(page.locator('.lesson-card').filter({ hasText: 'BGP' })).toContainText('5 of 5 steps done');
  await page.screenshot({ path: `${SHOTS}/lessons-after.png` });
});

test('a deep link opens the lesson step; the browser back button and the Lab link work', async ({ page, lab }) => {
  await page.goto('/lessons/calico-bgp/guess');
  await expect(page.locator('#lesson-title')).toBeVisible();
  await expect(page.locator('.lesson__kind')).toContainText('Step 4 of 5');
  await expect(page.getByRole('button', { name: 'Commit prediction' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cards' }).click();
  await expect(page).toHaveURL(/\/cards$/);
  await page.goBack();
  await expect(page.locator('.lesson__kind')).toContainText('Step 4 of 5');
  // the lab, one click away; its address is a share link again
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lab' }).click();
  await expect(page).toHaveURL(/\/#/);
  await expect(lab.send).toBeVisible();
});

test('an unknown lesson or step says so instead of a blank page', async ({ page }) => {
  await page.goto('/lessons/no-such-lesson/x');
  await expect(page.getByText('There is no lesson "no-such-lesson".')).toBeVisible();
  await page.goto('/nowhere');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
