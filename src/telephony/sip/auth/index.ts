// SIP digest authentication's public surface: header parsing, the digest maths, the verifier (registrar/UAS) and the client (trunks).
export type { AuthParseError, AuthParseErrorCode, AuthParseResult } from './auth-parse-result.ts';
export type { AuthItem } from './auth-params.ts';
export { isToken, parseAuthHeader, quoteString } from './auth-params.ts';
export type { DigestChallenge, DigestChallengeInit } from './digest-challenge.ts';
export {
  parseDigestChallenge,
  parseDigestChallenges,
  serializeDigestChallenge,
} from './digest-challenge.ts';
export type { DigestCredentials, DigestCredentialsInit } from './digest-credentials.ts';
export { parseDigestCredentials, serializeDigestCredentials } from './digest-credentials.ts';
export type { DigestAlgorithm, DigestHash, DigestQop, DigestResponseInput } from './digest-math.ts';
export {
  digestAlgorithms,
  digestHash,
  digestHashes,
  digestResponse,
  ha1,
  hashOf,
  parseDigestAlgorithm,
  storedHa1s,
} from './digest-math.ts';
export type { NonceCheck, NonceCodecOptions } from './digest-nonce.ts';
export { NonceCodec } from './digest-nonce.ts';
export type { NonceCountStore, NonceCountVerdict } from './nonce-count-tracker.ts';
export { NonceCountTracker } from './nonce-count-tracker.ts';
export type { FailurePolicy } from './auth-failure-tracker.ts';
export { AuthFailureTracker } from './auth-failure-tracker.ts';
export type {
  DigestChallengeCause,
  DigestOutcome,
  DigestRefusalReason,
  DigestRequest,
  Ha1Lookup,
} from './digest-outcome.ts';
export type { DigestVerifierOptions } from './digest-verifier.ts';
export { DigestVerifier } from './digest-verifier.ts';
export type {
  DigestAuthorization,
  DigestAuthorizeInput,
  DigestAuthorizeResult,
  DigestClientCredentials,
  DigestClientError,
  DigestClientOptions,
} from './digest-client.ts';
export { DigestClient } from './digest-client.ts';
