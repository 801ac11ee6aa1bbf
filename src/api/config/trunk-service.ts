// SIP trunks as administrators manage them: the config file's trunks shown read-only beside the
// ones created here; each stored trunk checked by the config file's own parser and against the
// other trunks (name, inbound username, shared source addresses), stored with a version, every
// change an event and an audit entry without its passwords, and applied to the running
// telephony at once: only that trunk re-registers. Passwords are write-only.
import {
  ConfigValueError,
  HotlineError,
  hideTrunkPasswords,
  parseTrunk,
  silentLogger,
  trunkReferenceErrors,
  type Clock,
  type Logger,
  type TrunkConfig,
} from '../../platform/index.ts';
import { sipExtensionRepository, type EventStore } from '../../store/index.ts';
import type { Actor, AuditTrail } from '../auth/index.ts';
import type { TrunkHealth } from '../cti/index.ts';
import { Serial } from './serial.ts';
import { trunkRepository, type TrunkRow } from './trunk-repository.ts';
import type { TrunkInput, TrunkView } from './trunk-schemas.ts';

declare module '../../store/event-catalogue.ts' {
  interface EventCatalogue {
    /** `trunk` has its passwords masked: the log is readable by supervisors. */
    'config.trunk-saved': {
      name: string;
      version: number;
      created: boolean;
      trunk: TrunkConfig;
      by: string;
    };
    'config.trunk-deleted': { name: string; version: number; by: string };
  }
}

/** One stream for every managed trunk. */
export const TRUNKS_STREAM = 'config:trunks';

/** The running telephony, as the service reaches it (absent until it is wired). */
export interface TrunkLive {
  /** Each trunk's registration, keep-alive and calls now; null while telephony is not running. */
  status(): readonly TrunkHealth[] | null;
  /** Calls out through the trunk now. */
  activeCalls(name: string): number;
  /** Starts the trunk, or restarts it with these settings (only it re-registers). */
  apply(trunk: TrunkConfig): Promise<void>;
  /** Stops the trunk: it unregisters and takes no more calls. */
  remove(name: string): Promise<void>;
}

interface Entry {
  row: TrunkRow;
  trunk: TrunkConfig;
}

export class TrunkService {
  readonly #events: EventStore;
  readonly #audit: AuditTrail;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #fixed: readonly TrunkConfig[];
  readonly #peers: readonly { name: string; address: string }[];
  readonly #flowsUsing: (trunk: string) => Promise<string[]>;
  readonly #entries = new Map<string, Entry>();
  readonly #serial = new Serial();
  #live: TrunkLive | undefined;

  constructor(deps: {
    events: EventStore;
    audit: AuditTrail;
    clock: Clock;
    logger?: Logger;
    /** The config file's trunks (sip.trunks): shown, never changed here. */
    fixed: readonly TrunkConfig[];
    /** The config file's address-only carriers (sip.trunkPeers): their names and addresses are taken. */
    peers: readonly { name: string; address: string }[];
    /** The published IVR flows that transfer through a trunk (it cannot be deleted then). */
    flowsUsing?: (trunk: string) => Promise<string[]>;
  }) {
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#clock = deps.clock;
    this.#logger = deps.logger ?? silentLogger();
    this.#fixed = deps.fixed;
    this.#peers = deps.peers;
    this.#flowsUsing = deps.flowsUsing ?? (() => Promise.resolve([]));
  }

  /**
   * Reads the stored trunks (at start). One that no longer fits beside the config file (its
   * name or inbound username taken there since) is left out with a warning; saving it again
   * under another name, or deleting it from the config file, brings it back.
   */
  async load(): Promise<void> {
    this.#entries.clear();
    for (const row of await trunkRepository.all(this.#events.database.db)) {
      try {
        const trunk = parseTrunk(JSON.parse(row.document));
        const clash = this.#clash(trunk);
        if (clash) throw new ConfigValueError(clash.message);
        this.#entries.set(row.name, { row, trunk });
      } catch (error) {
        if (!(error instanceof ConfigValueError) && !(error instanceof SyntaxError)) throw error;
        this.#logger.warn({ trunk: row.name, reason: error.message }, 'stored trunk left out');
      }
    }
  }

  /** Applies trunk changes to the running telephony from now on. */
  connect(live: TrunkLive): void {
    this.#live = live;
  }

  /** The managed trunks (telephony starts them with the config file's). */
  trunks(): TrunkConfig[] {
    return [...this.#entries.values()].map((e) => e.trunk);
  }

  /** The config file's trunks, then the managed ones by name, each with its status now. */
  list(): TrunkView[] {
    const status = this.#statusByName();
    return [
      ...this.#fixed.map((t) => view(t, undefined, status)),
      ...[...this.#entries.values()]
        .sort((a, b) => a.row.name.localeCompare(b.row.name))
        .map((e) => view(e.trunk, e.row, status)),
    ];
  }

  get(name: string): TrunkView {
    const status = this.#statusByName();
    const fixed = this.#fixed.find((t) => t.name === name);
    if (fixed) return view(fixed, undefined, status);
    const entry = this.#require(name);
    return view(entry.trunk, entry.row, status);
  }

  /**
   * Creates or replaces a managed trunk and applies it at once. A password left out is the
   * stored one, as long as its username is given.
   */
  put(
    actor: Actor,
    name: string,
    input: TrunkInput,
  ): Promise<{ trunk: TrunkView; created: boolean }> {
    return this.#serial.run(async () => {
      this.#refuseFixed(name);
      const previous = this.#entries.get(name);
      const trunk = parse(name, keepPasswords(input, previous?.trunk));
      const clash = this.#clash(trunk);
      if (clash) throw new HotlineError('conflict', clash.message, { field: clash.field });
      const username = trunk.inbound.username;
      const db = this.#events.database.db;
      if (username !== undefined && (await sipExtensionRepository.byExtension(db, username)))
        throw new HotlineError(
          'conflict',
          `body.inbound.username: "${username}" is a SIP extension; a carrier's username cannot be a phone's too. Choose another.`,
          { field: 'body.inbound.username' },
        );
      const now = this.#clock.now();
      const row: TrunkRow = {
        name,
        document: JSON.stringify(trunk),
        version: (previous?.row.version ?? 0) + 1,
        created_at: previous?.row.created_at ?? now,
        updated_at: now,
        updated_by: actor.name,
      };
      const shown = hideTrunkPasswords(trunk);
      await this.#events.write(async (w) => {
        await trunkRepository.upsert(w.trx, row);
        await w.append('config.trunk-saved', TRUNKS_STREAM, {
          name,
          version: row.version,
          created: !previous,
          trunk: shown,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: previous ? 'trunk.replace' : 'trunk.create',
          resource: 'trunks',
          resourceId: name,
          details: { version: row.version, ...shown },
        });
      });
      this.#entries.set(name, { row, trunk });
      // After the commit: registering with the carrier cannot be rolled back.
      await this.#live?.apply(trunk);
      return { trunk: this.get(name), created: !previous };
    });
  }

  /**
   * Deletes a managed trunk: it unregisters and takes no more calls. Refused while calls go out
   * through it or a published IVR flow transfers through it; calls that came in through it go on.
   */
  remove(actor: Actor, name: string): Promise<void> {
    return this.#serial.run(async () => {
      this.#refuseFixed(name);
      const entry = this.#require(name);
      const calls = this.#live?.activeCalls(name) ?? 0;
      if (calls > 0)
        throw new HotlineError(
          'conflict',
          `Trunk "${name}" has ${calls} call${calls === 1 ? '' : 's'} in progress; delete it once they have ended.`,
          { field: 'params.name' },
        );
      const flows = await this.#flowsUsing(name);
      if (flows.length > 0)
        throw new HotlineError(
          'conflict',
          `Published IVR flows transfer calls through trunk "${name}": ${flows.join(', ')}. Change and publish them first.`,
          { field: 'params.name' },
        );
      await this.#events.write(async (w) => {
        await trunkRepository.delete(w.trx, name);
        await w.append('config.trunk-deleted', TRUNKS_STREAM, {
          name,
          version: entry.row.version,
          by: actor.name,
        });
        await this.#audit.record(w.trx, actor, {
          action: 'trunk.delete',
          resource: 'trunks',
          resourceId: name,
          details: { version: entry.row.version, host: entry.trunk.host },
        });
      });
      this.#entries.delete(name);
      await this.#live?.remove(name);
    });
  }

  #refuseFixed(name: string): void {
    if (this.#fixed.some((t) => t.name === name))
      throw new HotlineError(
        'conflict',
        `params.name: trunk "${name}" comes from the config file (sip.trunks or HOTLINE_SIP_TRUNKS) and is read-only here; change it there, or give this trunk another name.`,
        { field: 'params.name' },
      );
  }

  #require(name: string): Entry {
    const entry = this.#entries.get(name);
    if (!entry)
      throw new HotlineError('not-found', `There is no trunk "${name}".`, {
        field: 'params.name',
      });
    return entry;
  }

  /** What the trunk contradicts among the others (config file's and managed), if anything. */
  #clash(trunk: TrunkConfig): { field: string; message: string } | undefined {
    const others = [
      ...this.#fixed,
      ...[...this.#entries.values()].map((e) => e.trunk).filter((t) => t.name !== trunk.name),
    ];
    if (this.#peers.some((p) => p.name === trunk.name))
      return {
        field: 'params.name',
        message: `params.name: "${trunk.name}" is a carrier of the config file (sip.trunkPeers); give this trunk another name.`,
      };
    const username = trunk.inbound.username;
    const owner = others.find((t) => username !== undefined && t.inbound.username === username);
    if (owner)
      return {
        field: 'body.inbound.username',
        message: `body.inbound.username: "${username}" is trunk "${owner.name}"'s already; the username is how a call is known to be a carrier's.`,
      };
    // The config file's rule for addresses shared between trunks, applied to the whole set:
    // only what adding this trunk breaks is its fault.
    const sip = { trunkPeers: this.#peers, outboundTrunk: '' };
    const before = new Set(trunkReferenceErrors({ ...sip, trunks: others }));
    const added = trunkReferenceErrors({ ...sip, trunks: [...others, trunk] }).find(
      (e) => !before.has(e),
    );
    if (added)
      return {
        field: 'body.inbound.addresses',
        message: `body.inbound.addresses: ${added.replace(/^HOTLINE_SIP_TRUNKS: /, '')}`,
      };
    return undefined;
  }

  #statusByName(): ReadonlyMap<string, TrunkHealth> | null {
    const status = this.#live?.status() ?? null;
    return status && new Map(status.map((s) => [s.name, s]));
  }
}

/** The input as the parser takes it, with the stored passwords where none is given. */
function keepPasswords(input: TrunkInput, previous: TrunkConfig | undefined): TrunkInput {
  const { inbound, outbound } = input;
  const inboundPassword = previous?.inbound.password;
  const outboundPassword = previous?.outbound?.password;
  return {
    ...input,
    ...(inbound?.username !== undefined &&
    inbound.password === undefined &&
    inboundPassword !== undefined
      ? { inbound: { ...inbound, password: inboundPassword } }
      : {}),
    ...(outbound?.username !== undefined &&
    outbound.password === undefined &&
    outboundPassword !== undefined
      ? { outbound: { ...outbound, password: outboundPassword } }
      : {}),
  };
}

/** Parses with the config file's parser; its complaint becomes a 400 naming the field. */
function parse(name: string, input: TrunkInput): TrunkConfig {
  try {
    return parseTrunk({ ...input, name });
  } catch (error) {
    if (!(error instanceof ConfigValueError)) throw error;
    // The parser starts its message with the field (`outbound.registerExpires: …`,
    // `inbound.addresses[2]: …`, `inbound.username and inbound.password: …`).
    const head = error.message.split(': ')[0]!.split(' and ')[0]!;
    const path = /^[A-Za-z.[\]0-9]+$/.test(head) ? head.replace(/\[(\d+)\]/g, '.$1') : undefined;
    const field = path === undefined ? 'body' : path === 'name' ? 'params.name' : `body.${path}`;
    const message = path === undefined ? error.message : `${field.split('.')[0]}.${error.message}`;
    return invalid(message, field);
  }
}

function invalid(message: string, field: string): never {
  throw new HotlineError('invalid-input', message, { field });
}

function view(
  trunk: TrunkConfig,
  row: TrunkRow | undefined,
  status: ReadonlyMap<string, TrunkHealth> | null,
): TrunkView {
  const { inbound, outbound, dial } = trunk;
  return {
    name: trunk.name,
    source: row ? 'api' : 'config',
    host: trunk.host,
    port: trunk.port,
    transport: trunk.transport,
    tlsAcceptSelfSigned: trunk.tlsAcceptSelfSigned === true,
    inbound: {
      addresses: [...inbound.addresses],
      username: inbound.username ?? null,
      passwordSet: inbound.password !== undefined,
    },
    outbound: outbound
      ? {
          username: outbound.username ?? null,
          passwordSet: outbound.password !== undefined,
          register: outbound.register,
          registerExpires: outbound.registerExpires,
          fromUser: outbound.fromUser,
          fromDomain: outbound.fromDomain ?? null,
          passCallerId: outbound.passCallerId,
        }
      : null,
    keepAliveSeconds: trunk.keepAliveSeconds,
    maxConcurrentCalls: trunk.maxConcurrentCalls ?? null,
    dial: { stripPrefix: dial.stripPrefix ?? null, addPrefix: dial.addPrefix ?? null },
    version: row?.version ?? null,
    createdAt: row ? Number(row.created_at) : null,
    updatedAt: row ? Number(row.updated_at) : null,
    updatedBy: row?.updated_by ?? null,
    status: status === null ? null : (status.get(trunk.name) ?? null),
  };
}
