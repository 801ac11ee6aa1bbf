// The trunks of running telephony: the config file's and the API's, each reloaded alone when
// the API changes it, the carriers' inbound usernames kept current, and every status and
// registration change written to the event log.
import type { ClockScheduler, HotlineConfig, Logger } from '../platform/index.ts';
import {
  LiveTrunkDirectory,
  TrunkManager,
  inboundPeer,
  type SipStack,
  type Trunk,
  type TrunkPeer,
  type TrunkStatus,
} from '../telephony/index.ts';
import type { EventBatcher } from './event-batcher.ts';

export interface TrunkRuntimeDeps {
  config: HotlineConfig;
  /** The trunks managed through the API, started with the config file's. */
  managed?: () => readonly Trunk[];
  logger: Logger;
}

export class TrunkRuntime {
  /** Carriers' inbound usernames, which never authenticate an extension (kept current). */
  readonly usernames = new Set<string>();
  readonly #deps: TrunkRuntimeDeps;
  #directory: LiveTrunkDirectory | undefined;
  #manager: TrunkManager | undefined;
  #peersChanged: ((peers: TrunkPeer[]) => void) | undefined;

  constructor(deps: TrunkRuntimeDeps) {
    this.#deps = deps;
    this.#syncUsernames();
  }

  /**
   * Builds the trunk directory (the config file's trunks and the API's, read now) and the
   * manager on the started SIP stack; `peersChanged` hears the inbound peers after each change.
   */
  open(parts: {
    stack: SipStack;
    clock: ClockScheduler;
    batcher: EventBatcher;
    peersChanged: (peers: TrunkPeer[]) => void;
  }): TrunkManager {
    const { stack, clock, batcher } = parts;
    this.#directory = new LiveTrunkDirectory(
      this.#deps.config.sip.trunks,
      this.#deps.managed?.() ?? [],
    );
    const manager = new TrunkManager({
      directory: this.#directory,
      transactions: stack.transactions,
      transport: stack.transport,
      clock,
      logger: this.#deps.logger.child({ part: 'trunks' }),
    });
    this.#manager = manager;
    this.#peersChanged = parts.peersChanged;
    this.#record(manager, batcher);
    return manager;
  }

  /** Each trunk's keep-alive, registration and calls (none when not open). */
  status(): TrunkStatus[] {
    return this.#manager?.status() ?? [];
  }

  /** Calls out through a trunk now (0 when not open). */
  activeCalls(name: string): number {
    return this.#manager?.activeCalls(name) ?? 0;
  }

  /** Starts an API-managed trunk, or restarts it alone with new settings (when open). */
  async put(trunk: Trunk): Promise<void> {
    this.#syncUsernames();
    if (!this.#manager || !this.#directory) return;
    this.#directory.set(trunk);
    this.#peersChanged?.(this.inboundPeers());
    await this.#manager.reload(trunk.name);
  }

  /** Stops an API-managed trunk: it unregisters (Expires: 0) and takes no more calls. */
  async remove(name: string): Promise<void> {
    this.#syncUsernames();
    if (!this.#manager || !this.#directory) return;
    this.#directory.delete(name);
    this.#peersChanged?.(this.inboundPeers());
    await this.#manager.reload(name);
  }

  /** Who INVITEs are recognised as carriers by: the address-only peers and every trunk. */
  inboundPeers(): TrunkPeer[] {
    return [
      ...this.#deps.config.sip.trunkPeers.map((t) => ({ name: t.name, addresses: [t.address] })),
      ...(this.#directory?.list() ?? []).map(inboundPeer),
    ];
  }

  /** Unregisters from carriers (while the transport can still carry it). */
  async stop(): Promise<void> {
    await this.#manager?.stop();
  }

  /** Forgets the stopped directory and manager; open() builds new ones. */
  close(): void {
    this.#manager = undefined;
    this.#directory = undefined;
    this.#peersChanged = undefined;
  }

  #syncUsernames(): void {
    this.usernames.clear();
    for (const trunk of [...this.#deps.config.sip.trunks, ...(this.#deps.managed?.() ?? [])])
      if (trunk.inbound.username !== undefined) this.usernames.add(trunk.inbound.username);
  }

  #record(manager: TrunkManager, batcher: EventBatcher): void {
    const { logger } = this.#deps;
    manager.on('status', ({ trunk, from, to, status }) => {
      logger.info({ trunk, from, to }, 'trunk status');
      batcher.append(
        'trunk.status',
        `trunk:${trunk}`,
        {
          trunk,
          from,
          to,
          lastStatus: status.lastStatus ?? null,
          lastRttMs: status.lastRttMs ?? null,
        },
        status.since,
      );
    });
    manager.on('registration', ({ trunk, from, to, status }) => {
      if (from === to) return; // a refresh changes nothing worth a line in the log
      logger.info({ trunk, from, to, reason: status.reason }, 'trunk registration');
      batcher.append(
        'trunk.registration',
        `trunk:${trunk}`,
        {
          trunk,
          from,
          to,
          lastStatus: status.lastStatus ?? null,
          expiresAt: status.expiresAt ?? null,
          reason: status.reason ?? null,
        },
        status.since,
      );
    });
  }
}
