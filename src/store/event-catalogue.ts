// The catalogue of every event type and its payload. It is open: each module
// adds its own events by augmenting this interface next to the code that
// appends them, e.g.
//   declare module '../../store/event-catalogue.ts' {
//     interface EventCatalogue { 'user.created': { userId: number } }
//   }
// so the event log stays typed without the store knowing any domain.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventCatalogue {}
