// The platform layer's public surface: configuration, logging, time, events, errors.
export * from './errors.ts';
export * from './clock.ts';
export * from './typed-emitter.ts';
export * from './logger.ts';
export * from './config.ts';
export { ConfigValueError } from './config-fields.ts';
export { hideTrunkPasswords, parseTrunk, trunkReferenceErrors } from './trunk-config.ts';
export * from './state-machine.ts';
export * from './heap-clock.ts';
