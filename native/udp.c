/* hotline-media's RTP/RTCP sockets: one epoll set per thread under a uv_poll (see hotline-media.c). */
#include "hotline-media.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define META_STRIDE 9
#define SLOT_BYTES 2048 /* an MTU-sized datagram fits; anything longer is dropped and counted */
#define RECV_BATCH 8    /* per socket and round; RTP brings one packet per 20 ms per socket */
#define MAX_EVENTS 256
#define MAX_ROUNDS 4 /* epoll rounds per wake-up, so one busy wake-up cannot starve the timers */
#define MAX_FD (1 << 20)
#define MAX_SLOTS 65536

typedef struct hub {
  napi_env env;
  int epfd;
  uv_poll_t poll;
  int polling;
  int open_sockets;
  napi_ref on_batch;
  napi_ref arena_ref;
  napi_ref meta_ref;
  napi_async_context async;
  napi_async_cleanup_hook_handle cleanup;
  uint8_t *arena;
  size_t slots; /* datagrams one batch can hold: min(arena / SLOT_BYTES, meta / META_STRIDE) */
  int32_t *meta;
  uint8_t *owned; /* owned[fd] != 0: opened here */
  size_t owned_size;
  double batches, datagrams, truncated;
} hub_t;

static hub_t *hub_of(napi_env env) {
  hub_t *hub = NULL;
  napi_get_instance_data(env, (void **)&hub);
  return hub;
}

/* Parses an IP literal into a sockaddr; 0 when it is not one. */
static socklen_t parse_address(const char *text, int port, struct sockaddr_storage *out) {
  memset(out, 0, sizeof *out);
  struct sockaddr_in *v4 = (struct sockaddr_in *)out;
  if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    return sizeof *v4;
  }
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
  if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    return sizeof *v6;
  }
  return 0;
}

static int get_string(napi_env env, napi_value value, char *out, size_t size) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, out, size, &length) != napi_ok) return 0;
  return length > 0 && length < size - 1;
}

static void dispatch(hub_t *hub, int count) {
  napi_env env = hub->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value callback, receiver, argv[1], result;
  napi_get_reference_value(env, hub->on_batch, &callback);
  napi_get_global(env, &receiver); /* napi_make_callback needs an object for `this` */
  napi_create_int32(env, count, &argv[0]);
  hub->batches++;
  hub->datagrams += count;
  /* napi_make_callback runs the microtasks and nextTicks the batch queued, as dgram's MakeCallback does. */
  napi_make_callback(env, hub->async, receiver, callback, 1, argv, &result);
  forward_exception(env);
  napi_close_handle_scope(env, scope);
}

static void on_readable(uv_poll_t *poll, int status, int events) {
  (void)status;
  (void)events;
  hub_t *hub = poll->data;
  static __thread struct epoll_event ready[MAX_EVENTS];
  struct mmsghdr msgs[RECV_BATCH];
  struct iovec iovs[RECV_BATCH];
  struct sockaddr_storage sources[RECV_BATCH];
  int count = 0; /* datagrams in meta */
  size_t used = 0; /* arena slots filled (a truncated datagram's slot stays unused) */
  for (int round = 0; round < MAX_ROUNDS; round++) {
    int n = epoll_wait(hub->epfd, ready, MAX_EVENTS, 0);
    if (n <= 0) break;
    for (int e = 0; e < n; e++) {
      int fd = ready[e].data.fd;
      /* A socket closed by the batch just dispatched is skipped (its fd may not be ours now). */
      if (fd < 0 || (size_t)fd >= hub->owned_size || !hub->owned[fd]) continue;
      if (used + RECV_BATCH > hub->slots) {
        if (count > 0) dispatch(hub, count);
        count = 0;
        used = 0;
        if (!hub->owned[fd]) continue;
      }
      for (int k = 0; k < RECV_BATCH; k++) {
        iovs[k].iov_base = hub->arena + (used + (size_t)k) * SLOT_BYTES;
        iovs[k].iov_len = SLOT_BYTES;
        memset(&msgs[k].msg_hdr, 0, sizeof msgs[k].msg_hdr);
        msgs[k].msg_hdr.msg_iov = &iovs[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
        msgs[k].msg_hdr.msg_name = &sources[k];
        msgs[k].msg_hdr.msg_namelen = sizeof sources[k];
      }
      int got = recvmmsg(fd, msgs, RECV_BATCH, MSG_DONTWAIT, NULL);
      if (got <= 0) continue;
      used += (size_t)got;
      for (int k = 0; k < got; k++) {
        if (msgs[k].msg_hdr.msg_flags & MSG_TRUNC) {
          hub->truncated++;
          continue;
        }
        int32_t *m = hub->meta + (size_t)count * META_STRIDE;
        m[0] = fd;
        m[1] = (int32_t)((uint8_t *)iovs[k].iov_base - hub->arena);
        m[2] = (int32_t)msgs[k].msg_len;
        const struct sockaddr_storage *source = &sources[k];
        if (source->ss_family == AF_INET6) {
          const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)source;
          m[3] = ntohs(v6->sin6_port);
          m[4] = 6;
          memcpy(&m[5], &v6->sin6_addr, 16);
        } else {
          const struct sockaddr_in *v4 = (const struct sockaddr_in *)source;
          m[3] = ntohs(v4->sin_port);
          m[4] = 4;
          memcpy(&m[5], &v4->sin_addr, 4);
          m[6] = m[7] = m[8] = 0;
        }
        count++;
      }
    }
  }
  if (count > 0) dispatch(hub, count);
}

static void update_ref(hub_t *hub) {
  if (!hub->polling) return;
  /* The poll keeps the thread alive only while it has sockets, as bound dgram sockets would. */
  if (hub->open_sockets > 0)
    uv_ref((uv_handle_t *)&hub->poll);
  else
    uv_unref((uv_handle_t *)&hub->poll);
}

static void close_all(hub_t *hub) {
  for (size_t fd = 0; fd < hub->owned_size; fd++) {
    if (hub->owned[fd]) {
      close((int)fd);
      hub->owned[fd] = 0;
    }
  }
  hub->open_sockets = 0;
}

static void poll_closed(uv_handle_t *handle) {
  hub_t *hub = handle->data;
  if (hub->epfd >= 0) close(hub->epfd); /* libuv: the descriptor goes after its handle */
  hub->epfd = -1;
  napi_remove_async_cleanup_hook(hub->cleanup);
  hub->cleanup = NULL;
}

/* The thread is ending (worker terminate or process exit): close sockets and the poll handle. */
static void cleanup_hook(napi_async_cleanup_hook_handle handle, void *data) {
  (void)handle;
  hub_t *hub = data;
  close_all(hub);
  /* The hook is added once init() has the poll running: stop it, close it, then its epoll fd. */
  hub->polling = 0;
  uv_poll_stop(&hub->poll);
  uv_close((uv_handle_t *)&hub->poll, poll_closed);
}

static void finalize_hub(napi_env env, void *data, void *hint) {
  (void)hint;
  hub_t *hub = data;
  /* By now the cleanup hook has closed everything; only memory is left. */
  if (hub->on_batch) napi_delete_reference(env, hub->on_batch);
  if (hub->arena_ref) napi_delete_reference(env, hub->arena_ref);
  if (hub->meta_ref) napi_delete_reference(env, hub->meta_ref);
  if (hub->async) napi_async_destroy(env, hub->async);
  free(hub->owned);
  free(hub);
}

static napi_value init(napi_env env, napi_callback_info info) {
  hub_t *hub = hub_of(env);
  if (hub->polling) return throw_type(env, "hotline-media: init() was called already in this thread");
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype type;
  if (argc < 3 || napi_typeof(env, argv[0], &type) != napi_ok || type != napi_function)
    return throw_type(env, "hotline-media: init(onBatch, arena, meta) needs a function first");
  void *arena;
  size_t arena_bytes;
  if (napi_get_buffer_info(env, argv[1], &arena, &arena_bytes) != napi_ok)
    return throw_type(env, "hotline-media: the arena must be a Buffer");
  napi_typedarray_type meta_type;
  size_t meta_length;
  void *meta;
  if (napi_get_typedarray_info(env, argv[2], &meta_type, &meta_length, &meta, NULL, NULL) !=
          napi_ok ||
      meta_type != napi_int32_array)
    return throw_type(env, "hotline-media: meta must be an Int32Array");
  size_t slots = arena_bytes / SLOT_BYTES;
  if (meta_length / META_STRIDE < slots) slots = meta_length / META_STRIDE;
  if (slots < RECV_BATCH) return throw_type(env, "hotline-media: arena or meta too small");
  if (slots > MAX_SLOTS) slots = MAX_SLOTS; /* offsets stay far inside int32 */
  hub->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (hub->epfd < 0) return throw_errno(env, errno, "epoll_create1");
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  if (uv_poll_init(loop, &hub->poll, hub->epfd) != 0) {
    close(hub->epfd);
    hub->epfd = -1;
    return throw_errno(env, EIO, "uv_poll_init");
  }
  hub->poll.data = hub;
  uv_poll_start(&hub->poll, UV_READABLE, on_readable);
  hub->polling = 1;
  napi_create_reference(env, argv[0], 1, &hub->on_batch);
  napi_create_reference(env, argv[1], 1, &hub->arena_ref);
  napi_create_reference(env, argv[2], 1, &hub->meta_ref);
  napi_value name;
  napi_create_string_utf8(env, "hotline-media", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &hub->async);
  hub->arena = arena;
  hub->meta = meta;
  hub->slots = slots;
  napi_add_async_cleanup_hook(env, cleanup_hook, hub, &hub->cleanup);
  update_ref(hub);
  return NULL;
}

static napi_value open_socket(napi_env env, napi_callback_info info) {
  hub_t *hub = hub_of(env);
  if (!hub->polling) return throw_type(env, "hotline-media: init() must come before open()");
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char address[64];
  int32_t port;
  if (argc < 2 || !get_string(env, argv[0], address, sizeof address) ||
      napi_get_value_int32(env, argv[1], &port) != napi_ok || port < 0 || port > 65535)
    return throw_type(env, "hotline-media: open(address, port) needs an IP literal and a port");
  struct sockaddr_storage local;
  socklen_t length = parse_address(address, port, &local);
  if (length == 0) return throw_type(env, "hotline-media: open() needs an IP literal");
  int fd = socket(local.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  if (local.ss_family == AF_INET6) {
    int only = 0; /* as dgram's udp6: bound to ::, IPv4 arrives too, as ::ffff:a.b.c.d */
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof only);
  }
  if (bind(fd, (struct sockaddr *)&local, length) != 0) {
    int code = errno;
    close(fd);
    char what[96];
    snprintf(what, sizeof what, "bind %s:%d", address, port);
    return throw_errno(env, code, what);
  }
  if ((size_t)fd >= MAX_FD) {
    close(fd);
    return throw_errno(env, EMFILE, "socket");
  }
  if ((size_t)fd >= hub->owned_size) {
    size_t size = hub->owned_size == 0 ? 4096 : hub->owned_size;
    while (size <= (size_t)fd) size *= 2;
    uint8_t *grown = realloc(hub->owned, size);
    if (grown == NULL) {
      close(fd);
      return throw_errno(env, ENOMEM, "socket table");
    }
    memset(grown + hub->owned_size, 0, size - hub->owned_size);
    hub->owned = grown;
    hub->owned_size = size;
  }
  struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
  if (epoll_ctl(hub->epfd, EPOLL_CTL_ADD, fd, &event) != 0) {
    int code = errno;
    close(fd);
    return throw_errno(env, code, "epoll_ctl");
  }
  hub->owned[fd] = 1;
  hub->open_sockets++;
  update_ref(hub);
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

static napi_value close_socket(napi_env env, napi_callback_info info) {
  hub_t *hub = hub_of(env);
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) return NULL;
  if (fd < 0 || (size_t)fd >= hub->owned_size || !hub->owned[fd]) return NULL;
  epoll_ctl(hub->epfd, EPOLL_CTL_DEL, fd, NULL);
  close(fd);
  hub->owned[fd] = 0;
  hub->open_sockets--;
  update_ref(hub);
  return NULL;
}

static napi_value send_datagram(napi_env env, napi_callback_info info) {
  hub_t *hub = hub_of(env);
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd, offset, length, port;
  void *data;
  size_t size;
  char address[64];
  napi_value result;
  if (argc < 6 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_buffer_info(env, argv[1], &data, &size) != napi_ok ||
      napi_get_value_int32(env, argv[2], &offset) != napi_ok ||
      napi_get_value_int32(env, argv[3], &length) != napi_ok ||
      napi_get_value_int32(env, argv[4], &port) != napi_ok)
    return throw_type(env, "hotline-media: send(fd, buffer, offset, length, port, address)");
  int code = 0;
  struct sockaddr_storage target;
  /* Only IP literals (SDP and packet sources are; the SDP parser refuses names): anything else is
     dropped with -EINVAL, as a datagram to nowhere. */
  socklen_t target_length =
      get_string(env, argv[5], address, sizeof address) ? parse_address(address, port, &target) : 0;
  if (fd < 0 || (size_t)fd >= hub->owned_size || !hub->owned[fd])
    code = -EBADF;
  else if (offset < 0 || length < 0 || (size_t)offset + (size_t)length > size || port <= 0 ||
           port > 65535 || target_length == 0)
    code = -EINVAL;
  else if (sendto(fd, (uint8_t *)data + offset, (size_t)length, MSG_DONTWAIT,
                  (struct sockaddr *)&target, target_length) < 0)
    code = -errno;
  napi_create_int32(env, code, &result);
  return result;
}

static napi_value stats(napi_env env, napi_callback_info info) {
  (void)info;
  hub_t *hub = hub_of(env);
  napi_value result, value;
  napi_create_object(env, &result);
  napi_create_double(env, hub->batches, &value);
  napi_set_named_property(env, result, "batches", value);
  napi_create_double(env, hub->datagrams, &value);
  napi_set_named_property(env, result, "datagrams", value);
  napi_create_double(env, hub->truncated, &value);
  napi_set_named_property(env, result, "truncated", value);
  napi_create_int32(env, hub->open_sockets, &value);
  napi_set_named_property(env, result, "sockets", value);
  return result;
}

void define_udp(napi_env env, napi_value exports) {
  hub_t *hub = calloc(1, sizeof *hub);
  if (hub == NULL) {
    throw_errno(env, ENOMEM, "hotline-media");
    return;
  }
  hub->env = env;
  hub->epfd = -1;
  napi_set_instance_data(env, hub, finalize_hub, NULL);
  napi_property_descriptor properties[] = {
      {"init", NULL, init, NULL, NULL, NULL, napi_enumerable, NULL},
      {"open", NULL, open_socket, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, close_socket, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, send_datagram, NULL, NULL, NULL, napi_enumerable, NULL},
      {"stats", NULL, stats, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_value slot_bytes, stride;
  napi_create_int32(env, SLOT_BYTES, &slot_bytes);
  napi_create_int32(env, META_STRIDE, &stride);
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
  napi_set_named_property(env, exports, "slotBytes", slot_bytes);
  napi_set_named_property(env, exports, "metaStride", stride);
}
