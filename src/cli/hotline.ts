#!/usr/bin/env node
// The `hotline` command: start the service, migrate, manage users, seed the demo.
import { parseArgs } from 'node:util';
import {
  configReference,
  describeConfig,
  isHotlineError,
  loadConfig,
  type HotlineConfig,
} from '../platform/index.ts';
import { generatePassword, systemActor } from '../api/index.ts';
import { customerChange, seedDemoCustomers } from '../business/crm/index.ts';
import { roles, type Role } from '../store/index.ts';
import {
  Hotline,
  packageVersion,
  seedDemoCenter,
  seedDemoExtensions,
  seedDemoFlow,
  seedDemoAgentProfiles,
  DEMO_HOTLINE_NUMBER,
  setExtensionPassword,
} from '../app/index.ts';
import { printCredentials, printExtensions } from './print-credentials.ts';

const usage = `hotline ${packageVersion()} — open-source contact center

Usage: hotline <command> [options]

Commands:
  start                         Start the service (creates the admin and demo center on first start)
  migrate                       Bring the database schema up to date and exit
  create-user --username <name> --role <admin|supervisor|agent|qa> [--display-name <text>]
                                Create a user; a password is generated and printed once
                                (or read from standard input with --password-stdin)
  reset-password --username <name>
                                Give a user a new generated password (and unlock them)
  set-sip-password --extension <number> [--display-name <text>]
                                Create a SIP extension or give it a new password (printed once)
  seed-demo                     Create the demo center's users, extensions and customers that are missing
  config [--reference]          Print the effective configuration (secrets hidden),
                                or the table of every setting with --reference
  help                          Show this text

Configuration: defaults < hotline.config.json (or HOTLINE_CONFIG) < HOTLINE_* environment variables.
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      extension: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      reference: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (command === 'config' && values.reference) {
    for (const row of configReference()) {
      process.stdout.write(
        `| \`${row.key}\` | \`${row.env}\` | ${row.defaultValue ? `\`${row.defaultValue}\`` : '—'} | ${row.doc} |\n`,
      );
    }
    return 0;
  }

  const { config, warnings, file } = loadConfig();
  for (const warning of warnings) process.stderr.write(`hotline: warning: ${warning}\n`);

  switch (command) {
    case 'start':
      return start(config, file);
    case 'config':
      process.stdout.write(`${JSON.stringify(describeConfig(config), null, 2)}\n`);
      return 0;
    case 'migrate':
      return withHotline(config, async (hotline) => {
        process.stdout.write(`database is up to date (${hotline.database.engine})\n`);
      });
    case 'create-user': {
      const username = required(values.username, '--username');
      const role = required(values.role, '--role') as Role;
      if (!roles.includes(role)) throw usageError(`--role must be one of ${roles.join(', ')}`);
      const password = values['password-stdin'] ? await readStdin() : generatePassword();
      return withHotline(config, async (hotline) => {
        const { user } = await hotline.services.users.create(systemActor('cli'), {
          username,
          role,
          password,
          ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
        });
        printCredentials(
          [
            {
              username: user.username,
              role: user.role,
              displayName: user.displayName,
              password: values['password-stdin'] ? '(from standard input)' : password,
            },
          ],
          'User created',
        );
      });
    }
    case 'reset-password': {
      const username = required(values.username, '--username');
      return withHotline(config, async (hotline) => {
        const user = await hotline.services.users.findByUsername(username);
        if (!user) throw usageError(`there is no user "${username}"`);
        const { generatedPassword } = await hotline.services.users.resetPassword(
          systemActor('cli'),
          user.id,
        );
        printCredentials(
          [{ ...user, password: generatedPassword! }],
          'Password reset; the account is unlocked',
        );
      });
    }
    case 'set-sip-password': {
      const extension = required(values.extension, '--extension');
      return withHotline(config, async (hotline) => {
        const password = await setExtensionPassword(hotline.extensionDeps, systemActor('cli'), {
          extension,
          ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
        });
        printExtensions(
          [{ extension, displayName: values['display-name'] ?? extension, password }],
          'SIP credentials set',
        );
      });
    }
    case 'seed-demo':
      return withHotline(config, async (hotline) => {
        const users = await seedDemoCenter(hotline.services.users);
        const extensions = await seedDemoExtensions(hotline.extensionDeps);
        const profiles = hotline.services.config
          ? await seedDemoAgentProfiles(hotline.services.config.agentProfiles)
          : 0;
        const flow = hotline.services.flows ? await seedDemoFlow(hotline.services.flows) : false;
        const customers = hotline.services.customers
          ? await seedDemoCustomers(
              hotline.services.customers,
              customerChange(systemActor('seed-demo'), hotline.services.audit),
            )
          : 0;
        if (
          users.length === 0 &&
          extensions.length === 0 &&
          profiles === 0 &&
          !flow &&
          customers === 0
        )
          process.stdout.write('the demo center is already there\n');
        if (profiles > 0) process.stdout.write(`${profiles} demo agent profiles saved\n`);
        if (customers > 0) process.stdout.write(`${customers} demo customers created\n`);
        if (flow)
          process.stdout.write(`Demo IVR flow published; ${DEMO_HOTLINE_NUMBER} answers with it\n`);
        if (users.length > 0) printCredentials(users, 'Demo users created');
        if (extensions.length > 0) printExtensions(extensions, 'Demo SIP extensions created');
      });
    default:
      throw usageError(`unknown command "${command}"; run "hotline help"`);
  }
}

async function start(config: HotlineConfig, file: string | undefined): Promise<number> {
  const hotline = await Hotline.create({ config });
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      hotline.logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    hotline.logger.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    const force = setTimeout(() => {
      hotline.logger.error('shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    hotline.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        hotline.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) =>
    hotline.logger.error({ err: reason }, 'unhandled promise rejection'),
  );

  let credentials: Awaited<ReturnType<Hotline['bootstrap']>> = { users: [], extensions: [] };
  let address: string;
  let sip: Awaited<ReturnType<Hotline['listen']>>['sip'];
  try {
    credentials = await hotline.bootstrap();
    ({ http: address, sip } = await hotline.listen());
  } catch (error) {
    await hotline.stop(); // release sockets and the database, so the process can exit
    // The accounts are made before the ports open (a port taken, say): show their passwords
    // anyway, since the next start finds the accounts there and shows nothing.
    printFirstStart(credentials);
    throw error;
  }
  if (file) hotline.logger.info({ file }, 'configuration file read');
  printFirstStart(credentials);
  for (const s of sip) process.stdout.write(`SIP listening on ${s.protocol} ${s.host}:${s.port}\n`);
  const port = new URL(address).port;
  process.stdout.write(
    `\nHotline ${packageVersion()} is running: open http://localhost:${port}/ (listening on ${address})\n` +
      (config.demo
        ? `Demo hotline: register a softphone as extension 1001-1010 and dial ${DEMO_HOTLINE_NUMBER}\n`
        : '') +
      `Lost the admin password? Run: hotline reset-password --username admin\n\n`,
  );
  return new Promise<number>(() => undefined); // runs until a signal stops it
}

/** The accounts and demo extensions the first start made, with their passwords (shown once). */
function printFirstStart(credentials: Awaited<ReturnType<Hotline['bootstrap']>>): void {
  if (credentials.users.length > 0) {
    printCredentials(
      credentials.users,
      'First start: these accounts were created. Note the passwords now; they are not shown again',
    );
  }
  if (credentials.extensions.length > 0)
    printExtensions(credentials.extensions, 'Demo SIP extensions');
}

async function withHotline(
  config: HotlineConfig,
  fn: (hotline: Hotline) => Promise<void>,
): Promise<number> {
  const hotline = await Hotline.create({ config: { ...config, log: { level: 'warn' } } });
  try {
    await fn(hotline);
    return 0;
  } finally {
    await hotline.stop();
  }
}

/** Which setting moves the port that is taken. */
function portAdvice(port: number | undefined): string {
  const env = process.env;
  const http = Number(env.HOTLINE_HTTP_PORT || 8080);
  const sip = Number(env.HOTLINE_SIP_PORT || 5060);
  const ws = Number(env.HOTLINE_SIP_WS_PORT || 5066);
  if (port === http) return `another program uses HTTP port ${port}; set HOTLINE_HTTP_PORT`;
  if (port === sip) return `another program uses SIP port ${port}; set HOTLINE_SIP_PORT`;
  if (port === ws)
    return `another program uses SIP WebSocket port ${port}; set HOTLINE_SIP_WS_PORT`;
  return 'another program uses this port; set HOTLINE_HTTP_PORT, HOTLINE_SIP_PORT or HOTLINE_SIP_WS_PORT';
}

class UsageError extends Error {}
const usageError = (message: string) => new UsageError(message);

function required(value: string | undefined, flag: string): string {
  if (!value) throw usageError(`${flag} is required`);
  return value;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`hotline: ${error.message}\n`);
      process.exitCode = 2;
    } else if (isHotlineError(error)) {
      process.stderr.write(`hotline: ${error.message}\n`);
      process.exitCode = error.code === 'invalid-config' || error.code === 'invalid-input' ? 2 : 1;
    } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      process.stderr.write(
        `hotline: ${error.message}: ${portAdvice((error as { port?: number }).port)}\n`,
      );
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `hotline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  },
);
