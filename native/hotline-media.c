/*
 * hotline-media: the media worker's RTP/RTCP sockets without Node's per-datagram dgram path, and
 * its recording writes batched into one threadpool job per tick.
 *
 * Sockets.
 *
 * Node's dgram costs, per received datagram, a 64 KiB receive buffer allocated and freed twice
 * (libuv reads until EAGAIN, so every packet also costs a failing recvmsg), an rinfo object with a
 * freshly formatted address string, and a JS call through EventEmitter; per sent datagram, argument
 * checks, a send request object and a lookup callback. At a thousand recorded calls per worker pair
 * that is about a third of the media thread's user time.
 *
 * Here all of a thread's sockets sit in one epoll set, watched by one uv_poll handle on the
 * thread's own loop. When it fires, each ready socket is read once with recvmmsg (level-triggered:
 * a socket with more waiting is reported again on the next round), the datagrams go into one arena
 * the JavaScript side owns, and JavaScript is called once for the whole batch with the count; the
 * per-packet facts (socket, offset, length, source) are in a shared Int32Array. Sends are one
 * sendto each, straight from the caller's buffer.
 *
 * The protocol seen by JavaScript (src/telephony/media/native-udp.ts):
 *   init(onBatch, arena: Buffer, meta: Int32Array)   once per thread, before any open
 *   open(address, port) -> fd                         throws Error with .code = 'EADDRINUSE' …
 *   close(fd)                                         a socket this module did not open is ignored
 *   send(fd, buffer, offset, length, port, address) -> 0 or -errno (a lost datagram is not an error)
 *   stats() -> { batches, datagrams, truncated, sockets }
 * meta holds META_STRIDE int32 per datagram: fd, offset, length, port, family (4 or 6), then the
 * source address as 4 int32 in network byte order (IPv4 uses the first).
 *
 *
 * Recording writes. Through fs.write every 1 s chunk of every recording is a threadpool job and so
 * is the WAV header patch after it; each job wakes an idle pool thread (a futex wake and, on
 * another core, an interrupt), which cost the media thread tens of µs per job at a thousand
 * recordings. writeBatch hands the pool one job for all the chunks a turn produced: per item it
 * writes the chunk at its position and then, if that worked, the 44-octet header at 0.
 *   writeBatch(count, fds: Int32Array, positions: Float64Array, lengths: Int32Array,
 *              buffers: Buffer[] (chunk, header, chunk, header …), done(errnos: Int32Array))
 * The buffers must stay untouched until done; errnos[i] is 0 or the errno of item i.
 *
 * Parts: udp.c (sockets), writes.c (recording writes), this file (errors, module init).
 * Built by scripts/build-native.mjs at install with the machine's C compiler and Node's own
 * headers; without it the engine uses dgram (src/telephony/media/socket-pair.ts).
 */
#include "hotline-media.h"

napi_value throw_errno(napi_env env, int code, const char *what) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", what, strerror(code));
  napi_value error, code_value, message_value;
  const char *name = code == EADDRINUSE      ? "EADDRINUSE"
                     : code == EADDRNOTAVAIL ? "EADDRNOTAVAIL"
                     : code == EACCES        ? "EACCES"
                     : code == EMFILE        ? "EMFILE"
                     : code == ENFILE        ? "ENFILE"
                     : code == EAFNOSUPPORT  ? "EAFNOSUPPORT"
                     : code == ENOMEM        ? "ENOMEM"
                                             : "EIO";
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_throw(env, error);
  return NULL;
}

napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

void forward_exception(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) return;
  napi_value error;
  napi_get_and_clear_last_exception(env, &error);
  napi_fatal_exception(env, error);
}

NAPI_MODULE_INIT() {
  define_udp(env, exports);
  define_writes(env, exports);
  return exports;
}
