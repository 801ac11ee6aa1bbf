/* RTP load generator for the media benches, in C: the same load and measurement as the Node child
 * in bench/media-load-generator.ts, at a fraction of its CPU.
 *
 * Driven over stdin/stdout, one line per step:
 *   open <calls>                          -> ports <port of side 0> <port of side 1> ...
 *   run <seconds> <warmup> <target0> ...  -> result <sent> <received> <maxMs> <cpuMs> <wallMs> <bucket>:<count> ...
 * Few sockets: one UDP socket per 256 call sides sends to every target of its sides (sendmmsg,
 * one call per 2 ms slot and socket) and receives everything sent back (recvmmsg). Symmetric RTP
 * latches each element endpoint onto the socket its packets come from, so the answers come back
 * to the same few sockets. Every packet carries its send time (CLOCK_MONOTONIC, ms as a double,
 * stamped just before the slot's sendmmsg) after the RTP header; the receiver times each packet by
 * it. Packets stamped during the warm-up are neither counted nor timed.
 *
 * Build: gcc -O2 -o rtp-gen rtp-gen.c (the bench does it in a temp dir). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUCKET_MS 0.01 /* histogram resolution */
#define BUCKETS 20000  /* up to 200 ms */
#define SLOTS 10       /* a 20 ms period's sends spread over ten 2 ms slots */
#define SLOT_MS 2.0
#define PACKET_BYTES (12 + 160)
#define SIDES_PER_SOCKET 256
#define RECV_BATCH 64

static int *sockets;     /* one per SIDES_PER_SOCKET sides */
static int socket_count; /* sockets in use */
static int sides;        /* 2 × calls */
static unsigned char *packets; /* sides × PACKET_BYTES */
static struct sockaddr_in *targets;
static struct mmsghdr *send_msgs; /* one per side, grouped by (slot, socket) */
static struct iovec *send_iovs;
static int *group_start; /* (slot × socket_count + s) → first index into send_msgs; +1 is its end */
static uint64_t histogram[BUCKETS];

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static void die(const char *what) {
  fprintf(stderr, "rtp-gen: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int open_socket(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) die("socket");
  int size = 4 << 20; /* the kernel caps it at rmem_max / wmem_max (SO_*BUFFORCE as root) */
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("bind");
  return fd;
}

static int port_of(int fd) {
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0) die("getsockname");
  return ntohs(addr.sin_port);
}

static void open_calls(int calls) {
  sides = calls * 2;
  socket_count = (sides + SIDES_PER_SOCKET - 1) / SIDES_PER_SOCKET;
  sockets = calloc(socket_count, sizeof *sockets);
  packets = calloc(sides, PACKET_BYTES);
  targets = calloc(sides, sizeof *targets);
  send_msgs = calloc(sides, sizeof *send_msgs);
  send_iovs = calloc(sides, sizeof *send_iovs);
  group_start = calloc(SLOTS * socket_count + 1, sizeof *group_start);
  if (!sockets || !packets || !targets || !send_msgs || !send_iovs || !group_start) die("calloc");
  for (int s = 0; s < socket_count; s++) sockets[s] = open_socket();
  fputs("ports", stdout);
  for (int i = 0; i < sides; i++) printf(" %d", port_of(sockets[i / SIDES_PER_SOCKET]));
  fputs("\n", stdout);
  fflush(stdout);
}

/* Receives everything queued on the sockets; times packets stamped at or after measure_from. */
static void drain(double measure_from, uint64_t *received, double *max_ms) {
  static unsigned char bufs[RECV_BATCH][2048];
  static struct mmsghdr msgs[RECV_BATCH];
  static struct iovec iovs[RECV_BATCH];
  for (int s = 0; s < socket_count; s++) {
    for (;;) {
      for (int k = 0; k < RECV_BATCH; k++) {
        iovs[k].iov_base = bufs[k];
        iovs[k].iov_len = sizeof bufs[k];
        memset(&msgs[k].msg_hdr, 0, sizeof msgs[k].msg_hdr);
        msgs[k].msg_hdr.msg_iov = &iovs[k];
        msgs[k].msg_hdr.msg_iovlen = 1;
      }
      int n = recvmmsg(sockets[s], msgs, RECV_BATCH, MSG_DONTWAIT, NULL);
      if (n <= 0) break; /* EAGAIN: nothing more queued */
      double now = now_ms();
      for (int k = 0; k < n; k++) {
        const unsigned char *p = bufs[k];
        if (msgs[k].msg_len < PACKET_BYTES || (p[1] >= 192 && p[1] <= 223)) continue; /* RTCP */
        double sent_at;
        memcpy(&sent_at, p + 12, sizeof sent_at);
        if (!(sent_at >= measure_from)) continue; /* warm-up traffic, or not ours */
        double ms = now - sent_at;
        if (ms > *max_ms) *max_ms = ms;
        long bucket = (long)(ms / BUCKET_MS);
        histogram[bucket < 0 ? 0 : bucket >= BUCKETS ? BUCKETS - 1 : bucket]++;
        (*received)++;
      }
      if (n < RECV_BATCH) break;
    }
  }
}

/* Waits until `until` (ms on the monotonic clock) while receiving whatever arrives. */
static void receive_until(double until, double measure_from, uint64_t *received, double *max_ms) {
  struct pollfd fds[socket_count];
  for (int s = 0; s < socket_count; s++) fds[s] = (struct pollfd){.fd = sockets[s], .events = POLLIN};
  for (;;) {
    drain(measure_from, received, max_ms);
    double wait = until - now_ms();
    if (wait <= 0) return;
    time_t sec = (time_t)(wait / 1e3);
    struct timespec ts = {.tv_sec = sec, .tv_nsec = (long)((wait - sec * 1e3) * 1e6)};
    if (ppoll(fds, socket_count, &ts, NULL) < 0 && errno != EINTR) die("ppoll");
  }
}

/* Groups the sides' messages by (slot, socket): side i sends in slot i % SLOTS from its socket. */
static void prepare(void) {
  int m = 0;
  for (int slot = 0; slot < SLOTS; slot++) {
    for (int s = 0; s < socket_count; s++) {
      group_start[slot * socket_count + s] = m;
      for (int i = slot; i < sides; i += SLOTS) {
        if (i / SIDES_PER_SOCKET != s) continue;
        unsigned char *p = packets + (size_t)i * PACKET_BYTES;
        memset(p, 0xff, PACKET_BYTES);
        p[0] = 0x80;
        p[1] = 0; /* PCMU */
        uint32_t ssrc = htonl(0x10000 + i);
        memcpy(p + 8, &ssrc, 4);
        send_iovs[m] = (struct iovec){.iov_base = p, .iov_len = PACKET_BYTES};
        memset(&send_msgs[m], 0, sizeof send_msgs[m]);
        send_msgs[m].msg_hdr.msg_name = &targets[i];
        send_msgs[m].msg_hdr.msg_namelen = sizeof targets[i];
        send_msgs[m].msg_hdr.msg_iov = &send_iovs[m];
        send_msgs[m].msg_hdr.msg_iovlen = 1;
        m++;
      }
    }
  }
  group_start[SLOTS * socket_count] = m;
}

static void run(double seconds, double warmup) {
  prepare();
  memset(histogram, 0, sizeof histogram);
  uint64_t sent = 0, received = 0;
  double max_ms = 0;
  drain(1e300, &received, &max_ms); /* whatever the last run left queued */
  const double start = now_ms();
  const double measure_from = start + warmup * 1e3;
  const double end = measure_from + seconds * 1e3;
  double cpu_at_measure = -1;
  for (long tick = 0; now_ms() < end; tick++) {
    const int slot = (int)(tick % SLOTS);
    const long packet_index = tick / SLOTS;
    if (cpu_at_measure < 0 && now_ms() >= measure_from) cpu_at_measure = cpu_ms();
    const uint16_t seq = htons((uint16_t)packet_index);
    const uint32_t timestamp = htonl((uint32_t)(packet_index * 160));
    for (int s = 0; s < socket_count; s++) {
      const int first = group_start[slot * socket_count + s];
      const int count = group_start[slot * socket_count + s + 1] - first;
      if (count == 0) continue;
      const double stamp = now_ms();
      for (int k = first; k < first + count; k++) {
        unsigned char *p = send_iovs[k].iov_base;
        memcpy(p + 2, &seq, 2);
        memcpy(p + 4, &timestamp, 4);
        memcpy(p + 12, &stamp, sizeof stamp);
      }
      for (int done = 0; done < count;) {
        int n = sendmmsg(sockets[s], send_msgs + first + done, count - done, 0);
        if (n < 0) {
          if (errno == EINTR) continue;
          n = 1; /* this packet failed (the element not there yet): skip it, as a lost packet */
        }
        done += n;
      }
      if (stamp >= measure_from) sent += count; /* the receiver times the same packets */
    }
    receive_until(start + (tick + 1) * SLOT_MS, measure_from, &received, &max_ms);
  }
  const double cpu = cpu_ms() - (cpu_at_measure < 0 ? cpu_ms() : cpu_at_measure);
  const double wall_ms = now_ms() - measure_from;
  receive_until(now_ms() + 300, measure_from, &received, &max_ms); /* the last packets */
  printf("result %llu %llu %.4f %.3f %.3f", (unsigned long long)sent,
         (unsigned long long)received, max_ms, cpu, wall_ms);
  for (int b = 0; b < BUCKETS; b++)
    if (histogram[b] != 0) printf(" %d:%llu", b, (unsigned long long)histogram[b]);
  fputs("\n", stdout);
  fflush(stdout);
}

int main(void) {
  prctl(PR_SET_PDEATHSIG, SIGTERM); /* the bench went away: never linger */
  char *line = NULL;
  size_t capacity = 0;
  while (getline(&line, &capacity, stdin) > 0) {
    char *rest;
    if (strncmp(line, "open ", 5) == 0) {
      if (sockets != NULL) {
        fputs("rtp-gen: open: already open\n", stderr);
        return 1;
      }
      open_calls((int)strtol(line + 5, NULL, 10));
    } else if (strncmp(line, "run ", 4) == 0) {
      double seconds = strtod(line + 4, &rest);
      double warmup = strtod(rest, &rest);
      for (int i = 0; i < sides; i++) {
        long port = strtol(rest, &rest, 10);
        if (port <= 0 || port > 65535) {
          fprintf(stderr, "rtp-gen: run: target %d is not a port\n", i);
          return 1;
        }
        targets[i] = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        targets[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      }
      run(seconds, warmup);
    } else {
      fprintf(stderr, "rtp-gen: unknown command: %s", line);
      return 1;
    }
  }
  return 0; /* stdin closed: the bench is done */
}
