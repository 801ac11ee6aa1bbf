// What IVR flows are made of: the flows and their versions, the schedules they check and the
// prompts they play.
export interface FlowSummary {
  name: string;
  description: string;
  publishedVersion: number | null;
  publishedAt: number | null;
  latestVersion: number;
  updatedAt: number;
}

export interface FlowVersion {
  flow: FlowSummary;
  version: number;
  document: Record<string, unknown>;
  comment: string | null;
  createdAt: number;
  createdBy: string;
}

/** One entry of GET /api/v1/ivr/flows/{name}/versions, newest first. */
export interface FlowVersionSummary {
  version: number;
  comment: string | null;
  createdAt: number;
  createdBy: string;
}

/** An open range of a day: `from` inclusive, `to` exclusive (`24:00` ends the day). */
export interface ScheduleRange {
  from: string;
  to: string;
}

/** A date whose hours replace its weekday's (schema `ScheduleException`); none: closed. */
export interface ScheduleException {
  date: string;
  name?: string;
  hours?: ScheduleRange[];
}

/** A schedule as saved and sent (schema `ScheduleDocument`, the PUT body). */
export interface ScheduleDocument {
  description?: string;
  timeZone?: string;
  hours: {
    mon?: ScheduleRange[];
    tue?: ScheduleRange[];
    wed?: ScheduleRange[];
    thu?: ScheduleRange[];
    fri?: ScheduleRange[];
    sat?: ScheduleRange[];
    sun?: ScheduleRange[];
  };
  exceptions?: ScheduleException[];
}

/** GET /api/v1/schedules, /api/v1/schedules/:name (schema `ScheduleView`). */
export interface ScheduleView {
  name: string;
  document: ScheduleDocument;
  /** The zone the hours are read in: the document's, or the center's. */
  timeZone: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

/** GET /api/v1/prompts, PUT /api/v1/prompts/:language/:name (schema `PromptEntry`). */
export interface PromptEntry {
  name: string;
  language: string;
  /** shipped: the built-in catalogue; uploaded: in the data folder (a replacement or custom/…). */
  source: 'shipped' | 'uploaded';
  /** Known for uploads only. */
  durationMs: number | null;
}

/** POST /api/v1/prompt-recordings, GET /api/v1/prompt-recordings/:id (`PromptRecordingView`). */
export interface PromptRecording {
  id: string;
  language: string;
  name: string;
  extension: string;
  state: 'calling' | 'instructing' | 'recording' | 'saving' | 'done';
  /** Set when it ended without a prompt: why. */
  error?: string;
  durationMs?: number;
}
