// The call center core's public surface.
export * from './calls/index.ts';
