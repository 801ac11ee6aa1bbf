// RTP sends of one event-loop turn, held and sent back to back (after the turn's I/O, or every MAX_BURST packets) instead of interleaved with receives.
import type { MediaSocket } from './media-socket.ts';

/** When the batch is flushed; the worker uses setImmediate (right after the poll phase). */
export type FlushScheduler = (flush: () => void) => void;

/**
 * A burst long enough that a sleeping receiver is woken once per many packets, short enough that
 * the first packet of a busy turn is not held while hundreds more are received (one epoll wake-up
 * can report every socket of the worker; at ~10 µs a packet, 900 of them would hold it 9 ms).
 */
export const MAX_BURST = 32;

/**
 * On loopback and in VMs most of a UDP send's cost is the kernel waking the receiver. Packets that
 * arrive together (one epoll wake-up reports many sockets) are relayed in the same turn; sending
 * them as one burst after the turn's receive callbacks lets a sleeping receiver wake once for the
 * burst. The delay this adds is at most MAX_BURST packets' receive work (a few hundred µs).
 * Entries live in parallel arrays reused from turn to turn: nothing is allocated per packet.
 * A packet handed to `send` must stay untouched until the flush (relayed packets are the buffers
 * dgram gave us, or views into native-udp.ts's arena, which flushes this batch before it reuses
 * them; generated ones come from a pool larger than one turn's sends).
 */
export class SendBatch {
  readonly #schedule: FlushScheduler;
  readonly #sockets: (MediaSocket | undefined)[] = [];
  readonly #packets: (Buffer | undefined)[] = [];
  readonly #lengths: number[] = [];
  readonly #ports: number[] = [];
  readonly #addresses: string[] = [];
  #count = 0;
  #scheduled = false;
  #largest = 0;
  #flushes = 0;
  readonly #maxBurst: number;

  constructor(schedule: FlushScheduler = (flush) => setImmediate(flush), maxBurst = MAX_BURST) {
    this.#schedule = schedule;
    this.#maxBurst = maxBurst;
  }

  /** Packets waiting for the flush. */
  get pending(): number {
    return this.#count;
  }

  /** The largest burst flushed so far, and how many flushes there were (for load figures). */
  get figures(): { readonly largestBurst: number; readonly flushes: number } {
    return { largestBurst: this.#largest, flushes: this.#flushes };
  }

  send(socket: MediaSocket, packet: Buffer, length: number, port: number, address: string): void {
    const i = this.#count++;
    this.#sockets[i] = socket;
    this.#packets[i] = packet;
    this.#lengths[i] = length;
    this.#ports[i] = port;
    this.#addresses[i] = address;
    if (this.#count >= this.#maxBurst) {
      this.#sendHeld();
      return;
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#schedule(this.flush);
    }
  }

  /** Sends everything held, in order. A closed socket's packets are dropped, as a send on it would be. */
  readonly flush = (): void => {
    this.#scheduled = false;
    this.#sendHeld();
  };

  #sendHeld(): void {
    const count = this.#count;
    this.#count = 0;
    if (count > this.#largest) this.#largest = count;
    if (count > 0) this.#flushes++;
    for (let i = 0; i < count; i++) {
      const socket = this.#sockets[i]!;
      const packet = this.#packets[i]!;
      this.#sockets[i] = undefined;
      this.#packets[i] = undefined;
      socket.send(packet, 0, this.#lengths[i]!, this.#ports[i]!, this.#addresses[i]!);
    }
  }
}
