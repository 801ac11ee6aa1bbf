// The SIP message layer's public surface: URIs, header values, the message model, parser, framer and serializer.
export { SipSyntaxError, isSipSyntaxError } from './sip-syntax-error.ts';
export type { OtherUri, SipUri, TelUri, Uri, UriParams } from './sip-uri.ts';
export { createSipUri, parseUri, serializeUri } from './sip-uri.ts';
export { uriEquals } from './uri-equals.ts';
export { escapeUri, normalizeEscapes, unescapeUri } from './uri-escape.ts';
export type { HeaderParams } from './header-params.ts';
export { quote, splitList, unquote } from './header-params.ts';
export type { ContactList, NameAddr } from './name-addr.ts';
export {
  parseContact,
  parseNameAddr,
  parseNameAddrList,
  serializeNameAddr,
  tagOf,
} from './name-addr.ts';
export type { Via } from './via.ts';
export { MAGIC_COOKIE, createVia, parseVia, serializeVia } from './via.ts';
export type { CSeq, MediaType } from './header-values.ts';
export {
  MAX_UINT32,
  parseCSeq,
  parseCallId,
  parseContentLength,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from './header-values.ts';
export { COMPACT_FORMS, headerKey } from './header-names.ts';
export type {
  SipHeader,
  SipMessage,
  SipMessageInit,
  SipRequestInit,
  SipResponseInit,
} from './sip-message.ts';
export { SipRequest, SipResponse } from './sip-message.ts';
export type {
  ParseError,
  ParseErrorCode,
  ParseErrorStatus,
  ParseOptions,
  ParsePartial,
  ParseResult,
} from './parse-result.ts';
export { parseMessage } from './sip-parser.ts';
export type { FramerEvent, FramerOptions } from './sip-stream-framer.ts';
export { SipStreamFramer } from './sip-stream-framer.ts';
export type { ResponseOptions } from './sip-serializer.ts';
export { createErrorResponse, createResponse, serializeMessage } from './sip-serializer.ts';
export { reasonPhrase } from './status-reasons.ts';
