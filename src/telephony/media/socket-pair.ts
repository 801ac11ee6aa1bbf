// Binds an endpoint's RTP and RTCP sockets: RTP on the even port, RTCP on the next (RFC 3550 §11).
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { lookup } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import { MediaError } from './media-error.ts';
import { DgramSocket } from './media-socket.ts';
import type { MediaSocket } from './media-socket.ts';
import type { NativeUdp } from './native-udp.ts';

// dgram resolves every destination through `lookup`, which for dns.lookup costs a nextTick per
// packet even for an IP literal. Our destinations are always literals (SDP c= lines, packet
// sources), so they are handed back at once; anything else still goes through DNS.
function literalLookup(
  address: string,
  family: unknown, // 4 or 6 from Node's dgram (lookup4/lookup6)
  callback: (error: Error | null, address: string, family: number) => void,
): void {
  const version = isIP(address);
  if (version !== 0) callback(null, address, version);
  else
    lookup(address, { family: family === 6 ? 6 : 4 }, (error, resolved, resolvedFamily) =>
      callback(error, resolved, resolvedFamily),
    );
}

function bind(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    // exclusive: a port pair belongs to one worker, never shared through the cluster module.
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

async function openDgramPair(
  bindAddress: string,
  rtpPort: number,
): Promise<{ rtp: MediaSocket; rtcp: MediaSocket }> {
  const type = isIPv6(bindAddress) ? 'udp6' : 'udp4';
  const rtp = createSocket({ type, reuseAddr: false, lookup: literalLookup });
  const rtcp = createSocket({ type, reuseAddr: false, lookup: literalLookup });
  try {
    await bind(rtp, rtpPort, bindAddress);
    await bind(rtcp, rtpPort + 1, bindAddress);
  } catch (error) {
    rtp.close(() => undefined);
    rtcp.close(() => undefined);
    throw error;
  }
  return { rtp: new DgramSocket(rtp), rtcp: new DgramSocket(rtcp) };
}

function openNativePair(
  native: NativeUdp,
  bindAddress: string,
  rtpPort: number,
): { rtp: MediaSocket; rtcp: MediaSocket } {
  const rtp = native.open(bindAddress, rtpPort);
  try {
    return { rtp, rtcp: native.open(bindAddress, rtpPort + 1) };
  } catch (error) {
    void rtp.close();
    throw error;
  }
}

/**
 * Throws MediaError('port-in-use') when another program holds either port. With `native` (this
 * thread's NativeUdp) the sockets are the addon's, else Node's dgram; a bind address that is a
 * name or carries an IPv6 zone id always goes through dgram, which resolves it.
 */
export async function openSocketPair(
  bindAddress: string,
  rtpPort: number,
  native?: NativeUdp,
): Promise<{ rtp: MediaSocket; rtcp: MediaSocket }> {
  try {
    // Names and IPv6 zone ids (fe80::1%eth0) need dgram's resolution; the addon takes literals.
    return native === undefined || isIP(bindAddress) === 0 || bindAddress.includes('%')
      ? await openDgramPair(bindAddress, rtpPort)
      : openNativePair(native, bindAddress, rtpPort);
  } catch (error) {
    throw new MediaError(
      'port-in-use',
      `UDP ports ${rtpPort}/${rtpPort + 1} on ${bindAddress} are taken: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
