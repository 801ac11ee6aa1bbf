/* The kernel's share of the media bench's load on this machine: what the system calls alone cost
 * when a relay does nothing else. One thread plays both sides of bench:media's traffic without
 * sleeping or waking anyone, and times each side's calls with its own CPU clock:
 *
 *   generator: one socket per 256 call sides, each period's packets out with sendmmsg, the relayed
 *              ones back in with recvmmsg (as rtp-gen.c);
 *   element:   one socket per call side in one epoll set; per round epoll_wait, recvmmsg on every
 *              ready socket, and each packet sent with sendto from the other side's socket to that
 *              side's generator socket (as the engine's native I/O relays a bridged call).
 *
 * Usage: udp-floor <calls> <periods>. Prints one line:
 *   floor <calls> <relayed> <element µs per relayed packet> <generator µs per relayed packet>
 * A loopback send also delivers the packet into the receiving socket on the sender's time, so the
 * element's figure holds the generator's receive path and the other way round, as in the bench.
 * Waking a sleeping receiver is not in these figures: they are a lower bound.
 *
 * Build: gcc -O2 -o udp-floor udp-floor.c (bench/udp-floor.ts does it in a temp dir). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PACKET_BYTES (12 + 160)
#define SIDES_PER_SOCKET 256
#define RECV_BATCH 64
#define ELEMENT_BATCH 8 /* as native/udp.c */
#define MAX_EVENTS 256

static void die(const char *what) {
  fprintf(stderr, "udp-floor: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double thread_cpu_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int bound_socket(int buffer_bytes, struct sockaddr_in *address) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd < 0) die("socket");
  if (buffer_bytes > 0) {
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer_bytes, sizeof buffer_bytes) != 0)
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
  }
  struct sockaddr_in local = {.sin_family = AF_INET, .sin_port = 0};
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) die("bind");
  socklen_t length = sizeof *address;
  if (getsockname(fd, (struct sockaddr *)address, &length) != 0) die("getsockname");
  return fd;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fputs("usage: udp-floor <calls> <periods>\n", stderr);
    return 2;
  }
  const int calls = atoi(argv[1]);
  const int periods = atoi(argv[2]);
  if (calls < 1 || periods < 1) {
    fputs("udp-floor: calls and periods must be positive\n", stderr);
    return 2;
  }
  const int sides = calls * 2;
  const int generators = (sides + SIDES_PER_SOCKET - 1) / SIDES_PER_SOCKET;
  int *generator_fd = calloc(generators, sizeof *generator_fd);
  struct sockaddr_in *generator_address = calloc(generators, sizeof *generator_address);
  int *element_fd = calloc(sides, sizeof *element_fd);
  struct sockaddr_in *element_address = calloc(sides, sizeof *element_address);
  int *side_of_fd = NULL;
  unsigned char *packets = calloc(sides, PACKET_BYTES);
  struct mmsghdr *out = calloc(sides, sizeof *out);
  struct iovec *out_iov = calloc(sides, sizeof *out_iov);
  if (!generator_fd || !generator_address || !element_fd || !element_address || !packets || !out ||
      !out_iov)
    die("calloc");
  for (int g = 0; g < generators; g++)
    generator_fd[g] = bound_socket(16 << 20, &generator_address[g]);
  int epfd = epoll_create1(0);
  if (epfd < 0) die("epoll_create1");
  int max_fd = 0;
  for (int i = 0; i < sides; i++) {
    element_fd[i] = bound_socket(0, &element_address[i]);
    if (element_fd[i] > max_fd) max_fd = element_fd[i];
    struct epoll_event event = {.events = EPOLLIN, .data.fd = element_fd[i]};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, element_fd[i], &event) != 0) die("epoll_ctl");
  }
  side_of_fd = calloc((size_t)max_fd + 1, sizeof *side_of_fd);
  if (side_of_fd == NULL) die("calloc");
  for (int i = 0; i < sides; i++) side_of_fd[element_fd[i]] = i;
  for (int i = 0; i < sides; i++) {
    unsigned char *p = packets + (size_t)i * PACKET_BYTES;
    memset(p, 0xff, PACKET_BYTES);
    p[0] = 0x80;
    out_iov[i] = (struct iovec){.iov_base = p, .iov_len = PACKET_BYTES};
    out[i].msg_hdr = (struct msghdr){.msg_name = &element_address[i],
                                     .msg_namelen = sizeof element_address[i],
                                     .msg_iov = &out_iov[i],
                                     .msg_iovlen = 1};
  }
  static unsigned char in_buf[RECV_BATCH][2048];
  struct mmsghdr in[RECV_BATCH];
  struct iovec in_iov[RECV_BATCH];
  struct sockaddr_in sources[RECV_BATCH];
  struct epoll_event ready[MAX_EVENTS];
  double element_us = 0, generator_us = 0;
  long relayed = 0, received = 0;
  for (int period = 0; period < periods; period++) {
    /* The generator sends one packet per side. */
    double t0 = thread_cpu_us();
    for (int g = 0; g < generators; g++) {
      int first = g * SIDES_PER_SOCKET;
      int count = sides - first < SIDES_PER_SOCKET ? sides - first : SIDES_PER_SOCKET;
      for (int done = 0; done < count;) {
        int n = sendmmsg(generator_fd[g], out + first + done, count - done, 0);
        if (n < 0) die("sendmmsg");
        done += n;
      }
    }
    double t1 = thread_cpu_us();
    /* The element relays everything that arrived to the other side's generator socket. */
    for (;;) {
      int n = epoll_wait(epfd, ready, MAX_EVENTS, 0);
      if (n < 0) die("epoll_wait");
      if (n == 0) break;
      for (int e = 0; e < n; e++) {
        int fd = ready[e].data.fd;
        for (int k = 0; k < ELEMENT_BATCH; k++) {
          in_iov[k] = (struct iovec){.iov_base = in_buf[k], .iov_len = sizeof in_buf[k]};
          in[k].msg_hdr = (struct msghdr){.msg_name = &sources[k],
                                          .msg_namelen = sizeof sources[k],
                                          .msg_iov = &in_iov[k],
                                          .msg_iovlen = 1};
        }
        int got = recvmmsg(fd, in, ELEMENT_BATCH, MSG_DONTWAIT, NULL);
        int other = side_of_fd[fd] ^ 1;
        const struct sockaddr_in *peer = &generator_address[other / SIDES_PER_SOCKET];
        for (int k = 0; k < got; k++) {
          if (sendto(element_fd[other], in_buf[k], in[k].msg_len, MSG_DONTWAIT,
                     (const struct sockaddr *)peer, sizeof *peer) < 0)
            die("sendto");
          relayed++;
        }
      }
    }
    double t2 = thread_cpu_us();
    /* The generator takes the relayed packets back. */
    for (int g = 0; g < generators; g++) {
      for (;;) {
        for (int k = 0; k < RECV_BATCH; k++) {
          in_iov[k] = (struct iovec){.iov_base = in_buf[k], .iov_len = sizeof in_buf[k]};
          in[k].msg_hdr = (struct msghdr){.msg_iov = &in_iov[k], .msg_iovlen = 1};
        }
        int n = recvmmsg(generator_fd[g], in, RECV_BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0) break;
        received += n;
      }
    }
    double t3 = thread_cpu_us();
    generator_us += (t1 - t0) + (t3 - t2);
    element_us += t2 - t1;
  }
  if (relayed == 0 || received != relayed) {
    fprintf(stderr, "udp-floor: relayed %ld, received back %ld\n", relayed, received);
    return 1;
  }
  printf("floor %d %ld %.3f %.3f\n", calls, relayed, element_us / relayed, generator_us / relayed);
  return 0;
}
