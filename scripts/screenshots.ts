// `npm run screenshots`: the desk, the wallboard, the flow editor and the queues at
// 1440×900 into docs/screenshots/, from a real run: the demo center on
// loopback, two agents' phones (sipp) and two callers who go through the IVR,
// one answered and one waiting. Needs sipp and Chromium (and a CJK font, such
// as Debian's fonts-wqy-microhei, for the Chinese text).
// HOTLINE_SCREENSHOT_LOCALE=zh-CN takes them in Chinese.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureWebBuilt,
  launchChromium,
  openContext,
  signIn,
} from '../test/browser/browser-harness.ts';
import {
  agentPhone,
  apiSession,
  passwordOf,
  placeCall,
  startCallCenter,
  type Caller,
} from '../test/browser/live-calls.ts';
import { repoRoot } from '../test/support/hotline-process.ts';
import { sleep } from '../test/support/rtp-phone.ts';

const locale = process.env.HOTLINE_SCREENSHOT_LOCALE ?? 'en-US';
const out = join(repoRoot, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

ensureWebBuilt();
const h = await startCallCenter();
const browser = await launchChromium();
const callers: Caller[] = [];
try {
  // The phones answer one call each; the run ends before they are done.
  await agentPhone(h, '1001');
  await agentPhone(h, '1002');
  const states: [agent: string, extension: string, reason?: string][] = [
    ['agent1001', '1001'],
    ['agent1002', '1002'],
    ['agent1003', '1003', 'lunch'],
    ['agent1004', '1004', 'training'],
  ];
  for (const [agent, extension, reason] of states) {
    const as = await apiSession(h, agent, passwordOf(h, agent));
    await as('POST', '/api/v1/agents/me/login', { extension, ready: !reason });
    if (reason) await as('POST', '/api/v1/agents/me/not-ready', { reason });
  }
  const supervisor = await apiSession(h, 'supervisor', passwordOf(h, 'supervisor'));

  // One caller for flights (answered), one for hotels (its agents are away: the call waits).
  callers.push(await placeCall(h, '13812345678'));
  let onCall: string | undefined;
  for (let i = 0; i < 300 && !onCall; i++) {
    const { agents } = (await supervisor('GET', '/api/v1/agents')) as {
      agents: { agentId: string; state: string }[];
    };
    onCall = agents.find((a) => a.state === 'on-call')?.agentId;
    if (!onCall) await sleep(100);
  }
  if (!onCall) throw new Error('the flights call was not answered');
  callers.push(
    await placeCall(h, '13987654321', [
      ['choose-language', '1'],
      ['main-menu', '2'],
    ]),
  );
  await sleep(6000);

  const desk = await signIn(
    await openContext(browser, h.http, { locale }),
    onCall,
    passwordOf(h, onCall),
  );
  await desk.locator('[data-testid=caller]').waitFor();
  await sleep(500);
  await desk.screenshot({ path: join(out, 'desk.png') });

  const wall = await signIn(
    await openContext(browser, h.http, { locale }),
    'supervisor',
    passwordOf(h, 'supervisor'),
  );
  await wall.locator('[data-testid=live-calls]').waitFor();
  await sleep(500);
  await wall.screenshot({ path: join(out, 'wallboard.png') });

  const admin = await signIn(
    await openContext(browser, h.http, { locale }),
    'admin',
    h.adminPassword,
  );
  await admin.goto('/admin/flows/demo-hotline');
  const editor = admin.locator('#flow-json');
  await editor.waitFor();
  const doc = JSON.parse(await editor.inputValue()) as {
    nodes: Record<string, Record<string, unknown>>;
  };
  doc.nodes.hours!.timeZone = 'Mars/Olympus_Mons';
  await editor.fill(JSON.stringify(doc, null, 2));
  await admin.locator('.toolbar button').first().click();
  const hours = admin.locator('[data-testid=node-hours] .problems');
  await hours.waitFor();
  await hours.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: join(out, 'flows.png') });

  await admin.goto('/admin/queues');
  await admin.locator('[data-testid=queues] tr[data-queue=flights]').waitFor();
  await sleep(300);
  await admin.screenshot({ path: join(out, 'admin-queues.png') });
  console.log(
    `screenshots written to ${out}: desk.png, wallboard.png, flows.png, admin-queues.png`,
  );
} finally {
  callers.forEach((c) => c.close());
  await browser.close();
  await h.dispose();
}
