// The demo center's main IVR flow, shipped as data (flows/demo-hotline.json). Imported as a
// JSON module, not read from disk: the domain core touches no files.
import demoHotline from './flows/demo-hotline.json' with { type: 'json' };

/** The names the demo flow refers to besides the prompt catalogue's: the app creates them. */
export const DEMO_QUEUES = ['flights', 'hotels', 'travel', 'complaints', 'general'] as const;
export const DEMO_LOOKUPS = ['flight-status'] as const;

/**
 * The demo flow document as parsed JSON (a fresh copy each call: callers may change it).
 * Validate it with `validateFlow` against the center's catalogues before running it.
 */
export function demoHotlineFlow(): unknown {
  return structuredClone(demoHotline);
}
