// Setting up the load benchmark's call center: `hotline start` as a child process (the demo
// center, open around the clock, short after-call work), the agents' extensions, accounts and
// skills through the API, their sipp phones registered with digest authentication, and the
// agents logged in ready.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { hotlineApi } from '../../test/support/hotline-api.ts';
import { freePort } from '../../test/support/sipp.ts';
import { printedPassword } from '../../test/support/hotline-process.ts';
import { agentExtension, extensionPassword } from './agent-accounts.ts';
import type { Child, ChildProcesses } from './child-processes.ts';
import type { LoadOptions } from './load-options.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sippDir = fileURLToPath(new URL('../sipp/', import.meta.url));

export type Api = ReturnType<typeof hotlineApi>;
export type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<Record<string, unknown>>;

/** An API caller signed in as one user that throws on any answer but 2xx. */
export async function session(api: Api, username: string, password: string): Promise<Call> {
  const cookie = await api.login(username, password);
  return async (method, path, body) => {
    const answer = await api.call(cookie, method, path, body);
    if (answer.status >= 300)
      throw new Error(
        `${method} ${path} as ${username}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body;
  };
}

/** Hotline as the bench found it: its process, where it listens, the accounts it printed. */
export interface StartedHotline {
  child: Child;
  http: string;
  sipUdpPort: number;
  /** The password `hotline start` printed for a user it created (admin, the demo's). */
  passwordOf(username: string): string;
}

/**
 * `hotline start` as a user runs it (the CLI; BENCH_BUILD=dist runs the compiled one), with the
 * demo center, on loopback, its data in the run's folder.
 */
export async function startHotline(children: ChildProcesses, dir: string): Promise<StartedHotline> {
  const env = {
    ...process.env,
    HOTLINE_DATA_DIR: join(dir, 'data'),
    HOTLINE_DEMO: 'true',
    // A hundred agents log in within seconds (bench:password: 0.37 s each at the default cost).
    HOTLINE_SCRYPT_COST: '1024',
    HOTLINE_HTTP_HOST: '127.0.0.1',
    HOTLINE_HTTP_PORT: '0',
    HOTLINE_SIP_HOST: '127.0.0.1',
    HOTLINE_SIP_PORT: '0',
    HOTLINE_SIP_WS_PORT: '0',
    HOTLINE_SIP_TRANSPORTS: 'udp',
    HOTLINE_SIP_ADVERTISED_HOST: '127.0.0.1',
    // Callers come from loopback as a carrier's calls do.
    HOTLINE_SIP_TRUNK_PEERS: 'carrier=127.0.0.1',
    HOTLINE_RTP_HOST: '127.0.0.1',
    // Clear of the ranges the end-to-end tests use (30000-59999) and of the ports sipp's
    // phones name in their SDP (1100-19999), where nothing listens.
    HOTLINE_RTP_PORTS: '20000-29999',
    HOTLINE_LOG_LEVEL: 'warn',
  };
  const cli =
    process.env.BENCH_BUILD === 'dist'
      ? ['dist/src/cli/hotline.js']
      : ['--import', 'tsx', 'src/cli/hotline.ts'];
  const node = [...cli, 'start'];
  const child = children.start('hotline', process.execPath, node, join(dir, 'hotline.log'), {
    cwd: repoRoot,
    env,
  });
  const http = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Hotline did not start in 120 s:\n${child.output()}`)),
      120_000,
    );
    const check = () => {
      const m = /listening on (http:\/\/[^\s)]+)/.exec(child.output());
      if (!m) return;
      clearTimeout(timer);
      child.process.stdout!.off('data', check);
      resolve(m[1]!);
    };
    child.process.stdout!.on('data', check);
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Hotline exited (${code}) before listening:\n${child.output()}`));
    });
  });
  const sip = /SIP listening on udp \S+:(\d+)/.exec(child.output());
  if (!sip) throw new Error(`Hotline did not say where SIP listens:\n${child.output()}`);
  const printed = child.output();
  return {
    child,
    http,
    sipUdpPort: Number(sip[1]),
    passwordOf: (username) => printedPassword(printed, username),
  };
}

/** The demo center made ready for the run: open around the clock, short after-call work. */
export async function prepareCenter(admin: Call, wrapUpSeconds: number): Promise<void> {
  const always = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
      d,
      [{ from: '00:00', to: '24:00' }],
    ]),
  );
  const flow = (await admin('GET', '/api/v1/ivr/flows/demo-hotline')) as {
    document: { nodes: Record<string, Record<string, unknown>> };
  };
  const hours = flow.document.nodes.hours!;
  // The demo's hours node names a stored schedule (without holidays, the next call follows it);
  // a flow with the hours in the node itself is republished instead.
  if (typeof hours.schedule === 'string')
    await admin('PUT', `/api/v1/schedules/${hours.schedule}`, { hours: always });
  else {
    hours.hours = always;
    await admin('PUT', '/api/v1/ivr/flows/demo-hotline', {
      document: flow.document,
      publish: true,
    });
  }
  const { queues } = (await admin('GET', '/api/v1/queues')) as {
    queues: { name: string; document: Record<string, unknown> }[];
  };
  for (const queue of queues)
    await admin('PUT', `/api/v1/queues/${queue.name}`, { ...queue.document, wrapUpSeconds });
}

/**
 * Agents' phones: for each group, sipp registers the group's extensions one by one from one port
 * (one run each: sipp 3.6 takes digest credentials per process), then answers on that port.
 */
export async function startPhones(
  children: ChildProcesses,
  dir: string,
  options: LoadOptions,
  sipPort: number,
): Promise<Child[]> {
  const groups = Array.from(
    { length: Math.ceil(options.agents / options.agentsPerPhone) },
    (_, g) =>
      Array.from(
        { length: Math.min(options.agentsPerPhone, options.agents - g * options.agentsPerPhone) },
        (_, i) => agentExtension(g * options.agentsPerPhone + i),
      ),
  );
  return Promise.all(
    groups.map(async (extensions, group) => {
      const port = await freePort();
      for (const extension of extensions) {
        const register = children.start(
          `sipp register ${extension}`,
          'sipp',
          [
            `127.0.0.1:${sipPort}`,
            ...['-sf', join(sippDir, 'load-register.xml'), '-s', extension],
            ...['-au', extension, '-ap', extensionPassword(extension)],
            ...['-i', '127.0.0.1', '-p', String(port), '-m', '1'],
            ...['-nostdin', '-timeout', '30s', '-timeout_error'],
          ],
          join(dir, `register-${extension}.log`),
        );
        if ((await register.exited) !== 0)
          throw new Error(`phone ${extension} did not register:\n${register.output()}`);
      }
      return children.start(
        `sipp phones ${group}`,
        'sipp',
        [
          ...['-sf', join(sippDir, 'load-agent.xml'), '-i', '127.0.0.1', '-p', String(port)],
          // The SDP names ports from -mp up; sipp binds -mp and -mp+2 itself, so one group each.
          ...['-mi', '127.0.0.1', '-mp', String(1100 + group * 4)],
          ...['-nostdin', '-buff_size', '4194304', '-timeout', `${options.seconds + 900}s`],
          ...['-trace_err', '-error_file', join(dir, `phones-${group}-errors.log`)],
        ],
        join(dir, `phones-${group}.log`),
      );
    }),
  );
}

/**
 * The bench's agents through the API: agent1001… on extensions 1001… as the demo names its ten
 * (new users past them), each extension with a known SIP password, each agent with the demo
 * agents' skills in turn (their stored profiles), before the phones register.
 */
export async function configureAgents(
  admin: Call,
  hotline: Pick<StartedHotline, 'passwordOf'>,
  agents: number,
): Promise<Map<string, string>> {
  const { profiles } = (await admin('GET', '/api/v1/agent-profiles')) as {
    profiles: { agentId: string; skills: Record<string, number> }[];
  };
  const demo = (index: number) => {
    const profile = profiles.find((p) => p.agentId === `agent${agentExtension(index % 10)}`);
    if (!profile)
      throw new Error(`the demo center has no profile for agent${agentExtension(index % 10)}`);
    return profile.skills;
  };
  const passwords = new Map<string, string>();
  await inBatches(agents, async (index) => {
    const extension = agentExtension(index);
    const username = `agent${extension}`;
    await admin('PUT', `/api/v1/extensions/${extension}`, {
      displayName: `Load ${extension}`,
      password: extensionPassword(extension),
    });
    if (index < 10) passwords.set(username, hotline.passwordOf(username));
    else {
      passwords.set(username, `load-agent-${extension}`);
      await admin('POST', '/api/v1/users', {
        username,
        role: 'agent',
        displayName: `Load ${extension}`,
        password: passwords.get(username),
      });
      await admin('PUT', `/api/v1/agent-profiles/${username}`, { skills: demo(index), extension });
    }
  });
  return passwords;
}

/** Every agent logs in ready on their extension, whose phone registered already. */
export async function loginAgents(
  api: Api,
  passwords: ReadonlyMap<string, string>,
  agents: number,
): Promise<void> {
  await inBatches(agents, async (index) => {
    const extension = agentExtension(index);
    const username = `agent${extension}`;
    const agent = await session(api, username, passwords.get(username)!);
    const view = await agent('POST', '/api/v1/agents/me/login', { extension, ready: true });
    if (view.state !== 'ready' || view.registered !== true)
      throw new Error(
        `${username} is ${String(view.state)}, registered ${String(view.registered)}`,
      );
  });
}

/** Runs `fn` for 0…count-1, ten at a time. */
async function inBatches(count: number, fn: (index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i += 10)
    await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => fn(i + k)));
}
