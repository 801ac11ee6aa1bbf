// The SIP transport layer's public surface.
export * from './transport-types.ts';
export {
  SipTransportLayer,
  type BoundAddress,
  type ListenAddress,
  type TransportLayerEvents,
  type TransportLayerOptions,
} from './sip-transport-layer.ts';
export { SourceRateLimiter, type RateLimit } from './rate-limiter.ts';
export { stampTopVia } from './via-stamp.ts';
export type { TlsCredentials } from './tls-transport.ts';
