// What an endpoint needs of a UDP socket, with Node's dgram behind it (native-udp.ts is the other kind).
import type { Socket } from 'node:dgram';

/** Where a datagram came from. The object may be reused for the next datagram: copy what you keep. */
export interface DatagramSource {
  readonly address: string;
  readonly port: number;
}

/** Called per received datagram; `data` is only valid during the call (native-udp.ts reuses it). */
export type DatagramHandler = (data: Buffer, from: DatagramSource) => void;

export interface MediaSocket {
  /**
   * Sends now, best effort: a datagram the kernel refuses is lost as it would be on the wire, and
   * a closed socket sends nothing. `done` is called once the datagram has left (or was dropped).
   */
  send(
    packet: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
    done?: () => void,
  ): void;
  onMessage(handler: DatagramHandler): void;
  close(): Promise<void>;
}

export class DgramSocket implements MediaSocket {
  readonly #socket: Socket;

  constructor(socket: Socket) {
    this.#socket = socket;
    // ICMP port unreachable and the like surface as socket errors; a peer's state is not ours to die of.
    socket.on('error', () => undefined);
  }

  send(
    packet: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
    done?: () => void,
  ): void {
    try {
      // The whole-buffer form skips dgram's per-send slice (a relayed packet is a whole datagram).
      if (offset === 0 && length === packet.length) this.#socket.send(packet, port, address, done);
      else this.#socket.send(packet, offset, length, port, address, done);
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: the endpoint closed between queueing and sending.
      done?.();
    }
  }

  onMessage(handler: DatagramHandler): void {
    this.#socket.on('message', handler);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve(); // closed already
      }
    });
  }
}
