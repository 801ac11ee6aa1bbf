// Which recording belongs to which segment of a call. The call controller
// records each connection in a file of its own and names it after the call and
// the segment's number (`call-<id>` for the first, `call-<id>-<n>` after):
// src/callcenter/calls/call-controller.ts. Other recordings (an IVR's "leave a
// message") belong to no segment.
import type { CallRecord } from '../../api/types.ts';

type Recording = CallRecord['recordings'][number];

export interface SegmentRecordings {
  /** One entry per segment, in order: its recording, or null when there is none (yet). */
  bySegment: (Recording | null)[];
  /** Recordings of no segment. */
  others: Recording[];
}

export function segmentRecordings(call: CallRecord): SegmentRecordings {
  const byId = new Map(call.recordings.map((r) => [r.recordingId, r]));
  const bySegment = call.segments.map((_, i) => {
    const id = i === 0 ? `call-${call.callId}` : `call-${call.callId}-${i + 1}`;
    const recording = byId.get(id) ?? null;
    byId.delete(id);
    return recording;
  });
  return { bySegment, others: [...byId.values()] };
}

export function recordingUrl(callId: string, recordingId: string): string {
  return `/api/v1/calls/${encodeURIComponent(callId)}/recordings/${encodeURIComponent(recordingId)}`;
}
