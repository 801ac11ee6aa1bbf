// The call center core's public surface.
export * from './calls/index.ts';
export * from './prompts/index.ts';
export * from './ivr/index.ts';
export * from './acd/index.ts';
