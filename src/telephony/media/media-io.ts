// Which I/O a media worker's thread uses: the native addon's sockets and write batches, or Node's dgram and fs.
import { chunkWritesFor } from './chunk-writes.ts';
import type { ChunkWrites } from './chunk-writes.ts';
import type { MediaErrorEvent } from './media-events.ts';
import { nativeAddonProblem } from './native-addon.ts';
import { NativeUdp } from './native-udp.ts';
import type { MediaIo } from './worker-messages.ts';

export interface ThreadMediaIo {
  /** The thread's native sockets; undefined: Node's dgram. */
  readonly udp: NativeUdp | undefined;
  readonly writes: ChunkWrites;
}

/**
 * The I/O for `io` in this thread. Native parts that cannot start here (the addon does not load,
 * no epoll set) leave the thread on Node's dgram and fs; with io 'native' that is reported.
 */
export function threadMediaIo(
  io: MediaIo | undefined,
  report: (event: MediaErrorEvent) => void,
): ThreadMediaIo {
  const udp = io === 'node' ? undefined : nativeUdp(io, report);
  return { udp, writes: chunkWritesFor(udp !== undefined) };
}

function nativeUdp(
  io: MediaIo | undefined,
  report: (event: MediaErrorEvent) => void,
): NativeUdp | undefined {
  let problem: string | undefined;
  try {
    const udp = NativeUdp.forThread();
    if (udp !== undefined) return udp;
    problem = nativeAddonProblem();
  } catch (error) {
    problem = String(error); // init: no epoll set (EMFILE)
  }
  if (io === 'native') {
    report({
      type: 'error',
      code: 'not-supported',
      message: `Native media I/O failed in this worker (${problem ?? 'unknown'}); it uses Node's dgram and fs instead.`,
    });
  }
  return undefined;
}
