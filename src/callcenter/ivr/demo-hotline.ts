// The demo center's main IVR flow, shipped as data (flows/demo-hotline.json). Imported as a
// JSON module, not read from disk: the domain core touches no files.
import demoHotline from './flows/demo-hotline.json' with { type: 'json' };
import type { ScheduleDocument } from './schedule-document.ts';

/** The names the demo flow refers to besides the prompt catalogue's: the app creates them. */
export const DEMO_QUEUES = ['flights', 'hotels', 'travel', 'complaints', 'general'] as const;
export const DEMO_LOOKUPS = ['flight-status'] as const;

/** The schedule the demo flow's `hours` node names. */
export const DEMO_SCHEDULE = 'business-hours';

const everyDay = [{ from: '08:00', to: '20:00' }];

/**
 * The schedules the demo flow refers to (a fresh copy each call): service from 08:00 to 20:00
 * every day, China time, as the after-hours prompt says, and a few public holidays of 2026 as
 * examples of exceptions (a half day on the eve of the Spring Festival).
 */
export function demoSchedules(): Record<string, ScheduleDocument> {
  return structuredClone({
    [DEMO_SCHEDULE]: {
      description: '服务时间 Service hours: 08:00–20:00 every day; closed on public holidays',
      timeZone: 'Asia/Shanghai',
      hours: {
        mon: everyDay,
        tue: everyDay,
        wed: everyDay,
        thu: everyDay,
        fri: everyDay,
        sat: everyDay,
        sun: everyDay,
      },
      exceptions: [
        {
          date: '2026-02-16',
          name: '除夕 Spring Festival Eve',
          hours: [{ from: '08:00', to: '12:00' }],
        },
        { date: '2026-02-17', name: '春节 Spring Festival' },
        { date: '2026-10-01', name: '国庆节 National Day' },
      ],
    },
  });
}

/**
 * The demo flow document as parsed JSON (a fresh copy each call: callers may change it).
 * Validate it with `validateFlow` against the center's catalogues before running it.
 */
export function demoHotlineFlow(): unknown {
  return structuredClone(demoHotline);
}
