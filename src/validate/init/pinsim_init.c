/* pinsim validate: the init (PID 1) of a throwaway initramfs that runs one scenario program on a
 * real kernel. The scenario itself comes from program.h, which src/validate/compile.ts writes:
 * tables of regions and of each task's steps. This file is the fixed runtime that carries the
 * steps out with the real system calls and reports each longterm pin as a line on the console:
 *
 *   PINSIM pin run=0 task=vcpu seq=0 cpu=0 first=0 pages=4 ret=-12 mig_ok=0 ...
 *
 * Each run is a child process, so every run starts with fresh mappings; PID 1 waits for it,
 * then reboots (QEMU runs with -no-reboot, so it exits). Written for pinsim, from scratch.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL

enum op {
  OP_END, OP_MMAP, OP_MUNMAP, OP_MADVISE, OP_PWRITE, OP_FALLOCATE, OP_READ, OP_TOUCH,
  OP_MLOCK2, OP_MUNLOCK, OP_MLOCKALL, OP_MUNLOCKALL, OP_PROCESS_VM_READV, OP_VMSPLICE,
  OP_PIPE_READ, OP_RING_REGISTER, OP_RING_UNREGISTER, OP_SETAFFINITY, OP_SLEEP, OP_SLEEP_UNTIL,
  OP_WAIT
};
static const char *const op_names[] = {
  "end", "mmap", "munmap", "madvise", "pwrite", "fallocate", "read", "touch", "mlock2", "munlock",
  "mlockall", "munlockall", "process_vm_readv", "vmsplice", "pipe_read", "io_uring_register",
  "io_uring_unregister", "sched_setaffinity", "sleep", "sleep_until", "wait_for"};
enum region_kind { REGION_MEMFD, REGION_ANON };
enum touch_order { ORDER_SEQUENTIAL, ORDER_REVERSE, ORDER_RANDOM };

struct region_spec {
  const char *name;
  int kind;
  unsigned long pages;
  int shared;
  int mlock_at_mmap; /* 0 none, 1 onfault, 2 now */
  int mapped_at_start;
};

/* One step. `obj` names a file, pipe or ring by index; `signal` is the barrier this step
 * releases when done (-1 none); `arg` and `arg2` carry the op's flags. */
struct step {
  int op;
  int region;
  unsigned long first;
  unsigned long count;
  int arg;
  int arg2;
  long long ns;
  int obj;
  int signal;
};

struct task_spec {
  const char *name;
  int cpu;
  const struct step *steps;
};

#include "program.h"

/* ---- console output ---- */

static void say(const char *fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof line - 2) n = sizeof line - 2;
  line[n++] = '\n';
  ssize_t off = 0;
  while (off < n) {
    ssize_t w = write(1, line + off, n - off);
    if (w <= 0) return;
    off += w;
  }
}

static void fail_hard(const char *what) {
  say("PINSIM error %s errno=%d", what, errno);
}

/* ---- zones, vmstat, kprobes ---- */

struct zone_range { char name[16]; unsigned long start, end; };
static struct zone_range zones[8];
static int nr_zones;

static void read_zones(void) {
  FILE *f = fopen("/proc/zoneinfo", "r");
  if (f == NULL) { fail_hard("zoneinfo"); return; }
  char line[256], name[16] = "";
  unsigned long spanned = 0, start;
  while (fgets(line, sizeof line, f)) {
    char z[16];
    if (sscanf(line, "Node %*d, zone %15s", z) == 1) { strcpy(name, z); spanned = 0; continue; }
    if (sscanf(line, " spanned %lu", &start) == 1) { spanned = start; continue; }
    if (sscanf(line, " start_pfn: %lu", &start) == 1 && nr_zones < 8 && spanned > 0) {
      struct zone_range *r = &zones[nr_zones++];
      strcpy(r->name, name);
      r->start = start;
      r->end = start + spanned;
    }
  }
  fclose(f);
}

static int pfn_in_movable(unsigned long pfn) {
  for (int i = 0; i < nr_zones; i++)
    if (strcmp(zones[i].name, "Movable") == 0 && pfn >= zones[i].start && pfn < zones[i].end) return 1;
  return 0;
}

static long long vmstat(const char *key) {
  FILE *f = fopen("/proc/vmstat", "r");
  if (f == NULL) return -1;
  char k[64];
  long long v, found = -1;
  while (fscanf(f, "%63s %lld", k, &v) == 2)
    if (strcmp(k, key) == 0) { found = v; break; }
  fclose(f);
  return found;
}

/* Probes by the names validate reports, each with the kernel symbols it may have. */
struct probe { const char *name; const char *symbols[3]; int armed; };
static struct probe probes[] = {
  {"drain_all", {"lru_add_drain_all", NULL}, 0},
  {"drain", {"lru_add_drain", NULL}, 0},
  {"mlock_drain", {"mlock_page_drain_local", "mlock_drain_local", NULL}, 0},
};
#define NR_PROBES (int)(sizeof probes / sizeof probes[0])
#define TRACING "/sys/kernel/tracing"

static int write_file(const char *path, const char *text, int append) {
  int fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC));
  if (fd < 0) return -1;
  ssize_t n = write(fd, text, strlen(text));
  close(fd);
  return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* With pinsim.trace on the kernel command line, each pin's trace (probe events with their
 * stack traces) is printed too, to see who called what. */
static int trace_pins;

/* Functions of the longterm-pin path itself: a drain whose caller is one of them is the collect
 * step's (collect_longterm_unpinnable_* is inlined into __gup_longterm_locked on Debian 6.1). */
static int is_collect_caller(const char *fn) {
  static const char *names[] = {"__gup_longterm_locked", "check_and_migrate_movable_pages",
                                "check_and_migrate_movable_folios", "collect_longterm_unpinnable_pages",
                                "collect_longterm_unpinnable_folios", NULL};
  for (int i = 0; names[i] != NULL; i++)
    if (strncmp(fn, names[i], strlen(names[i])) == 0 && !isalnum((unsigned char)fn[strlen(names[i])]) &&
        fn[strlen(names[i])] != '_')
      return 1;
  return 0;
}

struct pin_probes { int all[8]; int from_collect[8]; };

/* Counts the probe events of thread `tid` in the trace, and those called from the pin path.
 * An event line is "comm-PID [CPU] flags TS: NAME: ..."; with the stacktrace option each is
 * followed by "<stack trace>" and " => fn" lines, the probed function first, then its caller. */
static void count_trace(int tid, struct pin_probes *pp) {
  memset(pp, 0, sizeof *pp);
  FILE *f = fopen(TRACING "/trace", "r");
  if (f == NULL) return;
  char line[512];
  int cur = -1, frame = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#') continue;
    line[strcspn(line, "\n")] = 0;
    if (trace_pins) say("PINSIM trace %s", line);
    char *arrow = strstr(line, "=> ");
    if (arrow != NULL && strchr(line, '[') == NULL) {
      if (cur >= 0 && ++frame == 2 && is_collect_caller(arrow + 3)) pp->from_collect[cur]++;
      continue;
    }
    char *bracket = strstr(line, " [");
    if (bracket == NULL) continue;
    char *dash = bracket;
    while (dash > line && *dash != '-') dash--;
    int pid = atoi(dash + 1);
    char *colon = strstr(bracket, ": ");
    if (colon == NULL) continue;
    char *name = colon + 2;
    if (strncmp(name, "<stack trace>", 13) == 0) { frame = 0; continue; }
    cur = -1;
    if (pid != tid) continue;
    for (int i = 0; i < NR_PROBES; i++) {
      size_t n = strlen(probes[i].name);
      if (strncmp(name, probes[i].name, n) == 0 && name[n] == ':') { cur = i; pp->all[i]++; }
    }
  }
  fclose(f);
  write_file(TRACING "/trace", "", 0);
}

static void arm_probes(void) {
  write_file(TRACING "/tracing_on", "0", 0);
  write_file(TRACING "/options/stacktrace", "1", 0);
  write_file(TRACING "/trace", "", 0);
  for (int i = 0; i < NR_PROBES; i++) {
    for (int s = 0; probes[i].symbols[s] != NULL && !probes[i].armed; s++) {
      char def[160], path[160];
      snprintf(def, sizeof def, "p:pinsim/%s %s\n", probes[i].name, probes[i].symbols[s]);
      if (write_file(TRACING "/kprobe_events", def, 1) != 0) continue;
      snprintf(path, sizeof path, TRACING "/events/pinsim/%s/enable", probes[i].name);
      probes[i].armed = write_file(path, "1", 0) == 0;
    }
  }
  char line[256] = "PINSIM probes";
  for (int i = 0; i < NR_PROBES; i++) {
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, " %s=%d", probes[i].name, probes[i].armed);
  }
  say("%s", line);
}

/* ---- the run's shared state ---- */

static char *region_addr[NR_REGIONS_MAX];
static int region_fd[NR_REGIONS_MAX];
static int file_fd[NR_OBJS_MAX];
static unsigned long file_next[NR_OBJS_MAX];
static int pipe_fd[NR_OBJS_MAX][2];
static int ring_fd[NR_OBJS_MAX];
static struct iovec ring_iov[NR_OBJS_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int barrier_done[NR_BARRIERS_MAX];
static int tasks_done;
static struct timespec run_start;
static int run_index;

static void objects_reset(void) {
  for (int i = 0; i < NR_OBJS_MAX; i++) {
    file_fd[i] = -1;
    file_next[i] = 0;
    pipe_fd[i][0] = pipe_fd[i][1] = -1;
    ring_fd[i] = -1;
  }
  for (int i = 0; i < NR_REGIONS_MAX; i++) { region_addr[i] = NULL; region_fd[i] = -1; }
}

static void barrier_release(int id) {
  pthread_mutex_lock(&lock);
  barrier_done[id] = 1;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}

static void barrier_wait(int id) {
  pthread_mutex_lock(&lock);
  while (!barrier_done[id]) pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

/* A task that has run its program waits (asleep) for the others: an exiting thread could
 * change what its CPU's batches hold before another task's pin. */
static void task_finished(void) {
  pthread_mutex_lock(&lock);
  tasks_done++;
  pthread_cond_broadcast(&changed);
  while (tasks_done < NR_TASKS) pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

static int pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set);
}

static void sleep_ns(long long ns) {
  struct timespec t = {ns / 1000000000LL, ns % 1000000000LL};
  while (nanosleep(&t, &t) != 0 && errno == EINTR) {}
}

/* ---- steps ---- */

static long step_mmap(const struct step *s) {
  const struct region_spec *r = &regions[s->region];
  size_t len = r->pages * PAGE;
  int flags = r->shared ? MAP_SHARED : MAP_PRIVATE;
  int fd = -1;
  if (r->kind == REGION_MEMFD) {
    if (region_fd[s->region] < 0) {
      region_fd[s->region] = memfd_create(r->name, 0);
      if (region_fd[s->region] < 0 || ftruncate(region_fd[s->region], len) != 0) return -errno;
    }
    fd = region_fd[s->region];
  } else {
    flags |= MAP_ANONYMOUS;
  }
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
  if (p == MAP_FAILED) return -errno;
  region_addr[s->region] = p;
  if (r->mlock_at_mmap == 1 && syscall(SYS_mlock2, p, len, MLOCK_ONFAULT) != 0) return -errno;
  if (r->mlock_at_mmap == 2 && mlock(p, len) != 0) return -errno;
  return 0;
}

static char *range(const struct step *s) { return region_addr[s->region] + s->first * PAGE; }

static long step_touch(const struct step *s) {
  volatile char *base = (volatile char *)range(s);
  unsigned long x = 0x9e3779b9UL * (unsigned long)(run_index + 1);
  unsigned long order[4096];
  unsigned long n = s->count < 4096 ? s->count : 4096;
  for (unsigned long i = 0; i < n; i++) order[i] = s->arg2 == ORDER_REVERSE ? n - 1 - i : i;
  if (s->arg2 == ORDER_RANDOM) {
    for (unsigned long i = n; i > 1; i--) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      unsigned long j = x % i, t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
  }
  for (unsigned long i = 0; i < n; i++) {
    if (s->arg) base[order[i] * PAGE] = 1;
    else (void)base[order[i] * PAGE];
  }
  return 0;
}

/* `read` of a file: no disk here, so new page-cache folios come from writing fresh pages of a
 * tmpfs (memfd) file, which adds each to this CPU's lru_add batch as readahead would. */
static long step_read(const struct step *s) {
  if (file_fd[s->obj] < 0) {
    file_fd[s->obj] = memfd_create("pinsim-file", 0);
    if (file_fd[s->obj] < 0) return -errno;
  }
  static char page[PAGE];
  for (unsigned long i = 0; i < s->count; i++) {
    page[0] = (char)i;
    if (pwrite(file_fd[s->obj], page, PAGE, (file_next[s->obj] + i) * PAGE) != (ssize_t)PAGE) return -errno;
  }
  file_next[s->obj] += s->count;
  return 0;
}

static long step_pwrite(const struct step *s) {
  static char page[PAGE];
  for (unsigned long i = 0; i < s->count; i++)
    if (pwrite(region_fd[s->region], page, PAGE, (s->first + i) * PAGE) != (ssize_t)PAGE) return -errno;
  return 0;
}

static long step_process_vm_readv(const struct step *s) {
  static char buf[4096 * PAGE];
  struct iovec local = {buf, s->count * PAGE};
  struct iovec remote = {range(s), s->count * PAGE};
  ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
  return n < 0 ? -errno : 0;
}

static long step_vmsplice(const struct step *s) {
  int *p = pipe_fd[s->obj];
  if (p[0] < 0) {
    if (pipe2(p, O_NONBLOCK) != 0) return -errno;
    fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
  }
  struct iovec iov = {range(s), s->count * PAGE};
  ssize_t n = vmsplice(p[1], &iov, 1, 0);
  return n < 0 ? -errno : 0;
}

static long step_pipe_read(const struct step *s) {
  static char buf[64 * 1024];
  if (pipe_fd[s->obj][0] < 0) return 0;
  while (read(pipe_fd[s->obj][0], buf, sizeof buf) > 0) {}
  return 0;
}

/* ---- longterm pins: io_uring buffer registration, measured ---- */

struct io_uring_params_min { uint32_t w[30]; }; /* io_uring_params is 120 bytes */

static long ring_setup(int obj) {
  if (ring_fd[obj] >= 0) return 0;
  struct io_uring_params_min params;
  memset(&params, 0, sizeof params);
  long fd = syscall(__NR_io_uring_setup, 4, &params);
  if (fd < 0) return -errno;
  ring_fd[obj] = (int)fd;
  return 0;
}

struct placement { unsigned long movable, other, absent; };

static void place(char *addr, unsigned long count, struct placement *pl) {
  memset(pl, 0, sizeof *pl);
  int fd = open("/proc/self/pagemap", O_RDONLY);
  for (unsigned long i = 0; i < count; i++) {
    uint64_t e = 0;
    off_t off = (off_t)(((uintptr_t)addr / PAGE + i) * 8);
    if (fd < 0 || pread(fd, &e, 8, off) != 8 || !(e >> 63) || (e & ((1ULL << 55) - 1)) == 0) {
      pl->absent++;
      continue;
    }
    if (pfn_in_movable(e & ((1ULL << 55) - 1))) pl->movable++;
    else pl->other++;
  }
  if (fd >= 0) close(fd);
}

static int pin_seq[NR_TASKS_MAX];

static long step_ring_register(const struct step *s, int task) {
  long err = ring_setup(s->obj);
  if (err != 0) return err;
  struct placement before, after;
  place(range(s), s->count, &before);
  long long ok0 = vmstat("pgmigrate_success"), fail0 = vmstat("pgmigrate_fail");
  write_file(TRACING "/tracing_on", "1", 0);
  ring_iov[s->obj].iov_base = range(s);
  ring_iov[s->obj].iov_len = s->count * PAGE;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long ret = syscall(__NR_io_uring_register, ring_fd[s->obj], 0 /* REGISTER_BUFFERS */, &ring_iov[s->obj], 1);
  if (ret < 0) ret = -errno;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  write_file(TRACING "/tracing_on", "0", 0);
  long long ok1 = vmstat("pgmigrate_success"), fail1 = vmstat("pgmigrate_fail");
  place(range(s), s->count, &after);
  /* -1: the kernel counts no VM events (CONFIG_VM_EVENT_COUNTERS off) */
  long long mig_ok = ok0 < 0 || ok1 < 0 ? -1 : ok1 - ok0, mig_fail = fail0 < 0 || fail1 < 0 ? -1 : fail1 - fail0;
  long long lat = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  struct pin_probes pp;
  count_trace(gettid(), &pp);
  char probe_text[256] = "";
  for (int i = 0; i < NR_PROBES; i++) {
    size_t n = strlen(probe_text);
    if (probes[i].armed)
      snprintf(probe_text + n, sizeof probe_text - n, " %s=%d %s_collect=%d", probes[i].name, pp.all[i],
               probes[i].name, pp.from_collect[i]);
  }
  say("PINSIM pin run=%d task=%s seq=%d cpu=%d region=%s first=%lu pages=%lu ret=%ld mig_ok=%lld mig_fail=%lld "
      "movable_before=%lu movable_after=%lu other_after=%lu absent_after=%lu latency_ns=%lld%s",
      run_index, tasks[task].name, pin_seq[task]++, sched_getcpu(), regions[s->region].name, s->first,
      s->count, ret, mig_ok, mig_fail, before.movable, after.movable, after.other, after.absent, lat,
      probe_text);
  return ret;
}

static long step_ring_unregister(const struct step *s) {
  if (ring_fd[s->obj] < 0) return 0;
  long ret = syscall(__NR_io_uring_register, ring_fd[s->obj], 1 /* UNREGISTER_BUFFERS */, NULL, 0);
  return ret < 0 ? -errno : 0;
}

static long run_step(const struct step *s, int task) {
  switch (s->op) {
  case OP_MMAP: return step_mmap(s);
  case OP_MUNMAP: return munmap(region_addr[s->region], regions[s->region].pages * PAGE) ? -errno : 0;
  case OP_MADVISE: return madvise(range(s), s->count * PAGE, s->arg) ? -errno : 0;
  case OP_PWRITE: return step_pwrite(s);
  case OP_FALLOCATE:
    return fallocate(region_fd[s->region], 0, s->first * PAGE, s->count * PAGE) ? -errno : 0;
  case OP_READ: return step_read(s);
  case OP_TOUCH: return step_touch(s);
  case OP_MLOCK2:
    return syscall(SYS_mlock2, region_addr[s->region], regions[s->region].pages * PAGE, s->arg) ? -errno : 0;
  case OP_MUNLOCK: return munlock(region_addr[s->region], regions[s->region].pages * PAGE) ? -errno : 0;
  case OP_MLOCKALL: return mlockall(s->arg) ? -errno : 0;
  case OP_MUNLOCKALL: return munlockall() ? -errno : 0;
  case OP_PROCESS_VM_READV: return step_process_vm_readv(s);
  case OP_VMSPLICE: return step_vmsplice(s);
  case OP_PIPE_READ: return step_pipe_read(s);
  case OP_RING_REGISTER: return step_ring_register(s, task);
  case OP_RING_UNREGISTER: return step_ring_unregister(s);
  case OP_SETAFFINITY: return pin_to_cpu(s->arg) ? -errno : 0;
  case OP_SLEEP: sleep_ns(s->ns); return 0;
  case OP_SLEEP_UNTIL: {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long gone = (now.tv_sec - run_start.tv_sec) * 1000000000LL + (now.tv_nsec - run_start.tv_nsec);
    if (s->ns > gone) sleep_ns(s->ns - gone);
    return 0;
  }
  case OP_WAIT: barrier_wait(s->obj); return 0;
  }
  return -ENOSYS;
}

static void *task_main(void *arg) {
  int task = (int)(intptr_t)arg;
  if (pin_to_cpu(tasks[task].cpu) != 0) say("PINSIM error task=%s setaffinity errno=%d", tasks[task].name, errno);
  for (int i = 0; tasks[task].steps[i].op != OP_END; i++) {
    const struct step *s = &tasks[task].steps[i];
    long ret = run_step(s, task);
    /* A failed registration is the pin's result, reported with it; unregistering a ring that
     * holds no buffers after one (-ENXIO) is the kernel's ordinary answer, as in the model. */
    int expected = s->op == OP_RING_REGISTER || (s->op == OP_RING_UNREGISTER && ret == -ENXIO);
    if (ret < 0 && !expected)
      say("PINSIM step run=%d task=%s step=%d op=%s ret=%ld", run_index, tasks[task].name, i, op_names[s->op], ret);
    if (s->signal >= 0) barrier_release(s->signal);
  }
  task_finished();
  return NULL;
}

/* One run, in a child process: fresh mappings, files, pipes and rings. */
static int one_run(void) {
  objects_reset();
  clock_gettime(CLOCK_MONOTONIC, &run_start);
  for (int r = 0; r < NR_REGIONS; r++) {
    if (!regions[r].mapped_at_start) continue;
    struct step s = {.op = OP_MMAP, .region = r};
    long ret = step_mmap(&s);
    if (ret < 0) say("PINSIM step run=%d task=- step=mmap region=%s ret=%ld", run_index, regions[r].name, ret);
  }
  pthread_t threads[NR_TASKS_MAX];
  for (int t = 0; t < NR_TASKS; t++)
    if (pthread_create(&threads[t], NULL, task_main, (void *)(intptr_t)t) != 0) {
      fail_hard("pthread_create");
      return 1;
    }
  for (int t = 0; t < NR_TASKS; t++) pthread_join(threads[t], NULL);
  return 0;
}

static void mount_all(void) {
  mkdir("/proc", 0755);
  mkdir("/sys", 0755);
  mkdir("/dev", 0755);
  mount("proc", "/proc", "proc", 0, NULL);
  mount("sysfs", "/sys", "sysfs", 0, NULL);
  mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
  mount("tracefs", TRACING, "tracefs", 0, NULL);
}

int main(void) {
  mount_all();
  int con = open("/dev/console", O_RDWR);
  if (con >= 0) { dup2(con, 0); dup2(con, 1); dup2(con, 2); if (con > 2) close(con); }
  struct utsname u;
  uname(&u);
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  say("PINSIM start kernel=%s cpus=%ld runs=%d", u.release, cpus, NR_RUNS);
  char cmdline[1024] = "";
  FILE *cf = fopen("/proc/cmdline", "r");
  if (cf != NULL) { if (fgets(cmdline, sizeof cmdline, cf) == NULL) cmdline[0] = 0; fclose(cf); }
  trace_pins = strstr(cmdline, "pinsim.trace") != NULL;
  read_zones();
  for (int i = 0; i < nr_zones; i++) say("PINSIM zone %s %lu %lu", zones[i].name, zones[i].start, zones[i].end);
  arm_probes();
  for (run_index = 0; run_index < NR_RUNS; run_index++) {
    pid_t pid = fork();
    if (pid == 0) _exit(one_run());
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) fail_hard("fork");
    say("PINSIM run-end run=%d status=%d", run_index, status);
  }
  say("PINSIM done");
  sync();
  reboot(RB_AUTOBOOT);
  return 0;
}
