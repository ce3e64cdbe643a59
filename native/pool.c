/* A persistent pool of worker threads (started on first need, never per call) and per-thread scratch
 * space. Workers spin briefly on the job counter, then sleep on a condition variable. Parts of a job
 * are claimed with compare-and-swap; each thread first takes its own contiguous share, so that
 * successive jobs split the same way give a thread the same rows (which stay in its core's cache). */
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "hnn.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
/* MXCSR's flush-to-zero and denormals-are-zero bits. */
#define FTZ_DAZ 0x8040u
unsigned hnn_fpu_get(void) { return _mm_getcsr(); }
void hnn_fpu_set(unsigned mode) { _mm_setcsr(mode); }
unsigned hnn_fpu_flushing(unsigned mode) { return mode | FTZ_DAZ; }
#else
unsigned hnn_fpu_get(void) { return 0; }
void hnn_fpu_set(unsigned mode) { (void)mode; }
unsigned hnn_fpu_flushing(unsigned mode) { return mode; }
#endif

/* How long an idle worker spins before it sleeps (nanoseconds). */
#define SPIN_NS 1000000L
/* Helper health: the workers pay only with cores of their own. When other processes keep the cores
 * busy, a worker is time-sliced (or preempted holding a part) and the caller waits for it; then the
 * workers are paused (jobs run on the caller alone: the same bits) for PAUSE_NS, doubling while bad
 * spells follow each other within PERSIST_NS of resuming, up to MAX_PAUSE_NS. A spell is bad when,
 * over about the last HEALTH_WINDOW_NS of job time (each job weighted by its length, older jobs
 * fading exponentially; judged once that much job time has passed since the last pause), the caller
 * waited more than WAIT_LIMIT of the jobs' time or the workers ran less than SHARE_LIMIT of their fair
 * share of the parts. A window this long lets a worker lose its core for a few milliseconds (V8
 * compiling JavaScript on a background thread, in a process's first seconds) without a pause. */
#define HEALTH_WINDOW_NS 100000000.0
#ifndef WAIT_LIMIT
#define WAIT_LIMIT 0.35
#endif
#ifndef SHARE_LIMIT
#define SHARE_LIMIT 0.2
#endif
#define PAUSE_NS 200000000L
#define MAX_PAUSE_NS 20000000000L
#define PERSIST_NS 2000000000L
/* Stack of a worker (the kernels keep only small tiles on the stack). */
#define WORKER_STACK (512 * 1024)

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* ---- per-thread scratch ---- */

typedef struct {
  float *p[HNN_SCRATCH_SLOTS];
  size_t floats[HNN_SCRATCH_SLOTS];
} scratch_t;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok = 0;

static void scratch_release(void *s) {
  for (int i = 0; i < HNN_SCRATCH_SLOTS; i++) free(((scratch_t *)s)->p[i]);
  free(s);
}

static void scratch_make_key(void) { scratch_key_ok = pthread_key_create(&scratch_key, scratch_release) == 0; }

float *hnn_scratch_slot(int slot, size_t floats) {
  pthread_once(&scratch_once, scratch_make_key);
  if (!scratch_key_ok) return NULL;
  scratch_t *s = pthread_getspecific(scratch_key);
  if (s == NULL) {
    s = calloc(1, sizeof *s);
    if (s == NULL || pthread_setspecific(scratch_key, s) != 0) {
      free(s);
      return NULL;
    }
  }
  if (s->floats[slot] < floats) {
    if (floats > (SIZE_MAX - 64) / sizeof(float)) return NULL;
    size_t bytes = (floats * sizeof(float) + 63) & ~(size_t)63;
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes) != 0) return NULL;
    free(s->p[slot]);
    s->p[slot] = p;
    s->floats[slot] = bytes / sizeof(float);
  }
  return s->p[slot];
}

float *hnn_scratch(size_t floats) { return hnn_scratch_slot(HNN_SCRATCH_KERNEL, floats); }

/* ---- the pool ---- */

static struct {
  pthread_mutex_t busy; /* held by the caller running a job */
  pthread_mutex_t lock; /* with `wake`: sleeping workers */
  pthread_cond_t wake;
  int workers;          /* started (only changed under `busy`) */
  atomic_uint seq;      /* job number; workers wait for it to change */
  atomic_int sleepers;
  atomic_ullong claims; /* (job number << 32) | bit mask of the claimed parts */
  atomic_int finished;  /* parts of the current job done */
  /* The current job (relaxed atomics: a worker late from an earlier job may read them while they
   * change, but it only runs a part after a successful claim against the current job number). */
  _Atomic(hnn_part_fn) fn;
  _Atomic(void *) ctx;
  atomic_int parts;
  atomic_int threads;
  atomic_uint fpu; /* the caller's floating-point mode */
} P = {.busy = PTHREAD_MUTEX_INITIALIZER, .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* Claims a part of job `seq` for thread `t` (its own share first, then others' from their ends), or -1. */
static int claim(unsigned seq, int t) {
  const int parts = atomic_load_explicit(&P.parts, memory_order_relaxed);
  const int threads = atomic_load_explicit(&P.threads, memory_order_relaxed);
  if (parts <= 0 || parts > HNN_MAX_PARTS || threads <= 0 || t >= threads) return -1;
  const int lo = t * parts / threads, hi = (t + 1) * parts / threads;
  unsigned long long cur = atomic_load_explicit(&P.claims, memory_order_acquire);
  for (;;) {
    if ((unsigned)(cur >> 32) != seq) return -1;
    const uint32_t mask = (uint32_t)cur;
    int idx = -1;
    for (int i = lo; i < hi; i++) {
      if (!(mask & (1u << i))) {
        idx = i;
        break;
      }
    }
    for (int i = parts - 1; idx < 0 && i >= 0; i--) {
      if (!(mask & (1u << i))) idx = i;
    }
    if (idx < 0) return -1;
    if (atomic_compare_exchange_weak_explicit(&P.claims, &cur, cur | (1ull << idx), memory_order_acq_rel,
                                              memory_order_acquire)) {
      return idx;
    }
  }
}

/* Runs every part of job `seq` that thread `t` can claim; returns how many it ran. */
static int run_parts(unsigned seq, int t) {
  for (int ran = 0;; ran++) {
    const int part = claim(seq, t);
    if (part < 0) return ran;
    hnn_part_fn fn = atomic_load_explicit(&P.fn, memory_order_relaxed);
    void *ctx = atomic_load_explicit(&P.ctx, memory_order_relaxed);
    const unsigned mode = atomic_load_explicit(&P.fpu, memory_order_relaxed);
    if (hnn_fpu_get() != mode) hnn_fpu_set(mode);
    fn(ctx, part, atomic_load_explicit(&P.parts, memory_order_relaxed));
    atomic_fetch_add_explicit(&P.finished, 1, memory_order_release);
  }
}

/* Waits until the job number differs from `seen` (spinning first, then asleep); returns it. */
static unsigned wait_job(unsigned seen) {
  long start = 0;
  for (unsigned i = 1;; i++) {
    const unsigned s = atomic_load_explicit(&P.seq, memory_order_acquire);
    if (s != seen) return s;
    cpu_relax();
    if ((i & 255) == 0) {
      const long t = now_ns();
      if (start == 0) start = t;
      else if (t - start > SPIN_NS) break;
    }
  }
  pthread_mutex_lock(&P.lock);
  atomic_fetch_add(&P.sleepers, 1);
  unsigned s;
  while ((s = atomic_load(&P.seq)) == seen) pthread_cond_wait(&P.wake, &P.lock);
  atomic_fetch_sub(&P.sleepers, 1);
  pthread_mutex_unlock(&P.lock);
  return s;
}

typedef struct {
  int index;
  unsigned seen;
} worker_start;

static void *worker_main(void *arg) {
  worker_start w = *(worker_start *)arg;
  free(arg);
  for (;;) {
    w.seen = wait_job(w.seen);
    run_parts(w.seen, w.index);
  }
  return NULL;
}

/* Starts workers until `count` run (under `busy`); returns how many run. */
static int ensure_workers(int count) {
  if (P.workers >= count) return P.workers;
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return P.workers;
  pthread_attr_setstacksize(&attr, WORKER_STACK);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  /* Workers take no signals: the process's handlers stay on its own threads. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  while (P.workers < count) {
    worker_start *w = malloc(sizeof *w);
    if (w == NULL) break;
    w->index = P.workers + 1;
    w->seen = atomic_load(&P.seq);
    pthread_t id;
    if (pthread_create(&id, &attr, worker_main, w) != 0) {
      free(w);
      break;
    }
    P.workers++;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  return P.workers;
}

int hnn_pool_workers(void) { return P.workers; }

/* The pool's judgement of its workers (only touched by the thread holding `busy`). */
static hnn_health H;

long hnn_pool_pauses(void) { return H.pauses; }

long hnn_health_judge(hnn_health *h, long start, long own, long end, int parts, int by_caller, int threads) {
  const double t = (double)(end - start);
  const double fade = exp(-t / HEALTH_WINDOW_NS);
  h->job_ns = fade * h->job_ns + t;
  h->wait_ns = fade * h->wait_ns + (double)(end - own);
  h->worker_parts = fade * h->worker_parts + (double)(parts - by_caller);
  h->fair_parts = fade * h->fair_parts + (double)parts * (threads - 1) / threads;
  h->judged_ns += t;
  if (h->judged_ns < HEALTH_WINDOW_NS) return 0;
  if (h->wait_ns <= WAIT_LIMIT * h->job_ns && h->worker_parts >= SHARE_LIMIT * h->fair_parts) return 0;
  h->pause_ns = h->pauses > 0 && end - h->resumed_at < PERSIST_NS ? h->pause_ns * 2 : PAUSE_NS;
  if (h->pause_ns > MAX_PAUSE_NS) h->pause_ns = MAX_PAUSE_NS;
  h->paused_until = end + h->pause_ns;
  h->resumed_at = h->paused_until;
  h->pauses++;
  h->job_ns = h->wait_ns = h->worker_parts = h->fair_parts = h->judged_ns = 0.0;
  return h->pause_ns;
}

void hnn_pool_run(int threads, int parts, hnn_part_fn fn, void *ctx) {
  if (parts <= 0) return;
  if (threads > HNN_MAX_THREADS) threads = HNN_MAX_THREADS;
  if (parts > HNN_MAX_PARTS) parts = HNN_MAX_PARTS;
  int pooled = threads > 1 && parts > 1 && pthread_mutex_trylock(&P.busy) == 0;
  long start = 0;
  if (pooled) {
    start = now_ns();
    if (start < H.paused_until) {
      pthread_mutex_unlock(&P.busy);
      pooled = 0;
    }
  }
  if (pooled) {
    const int running = ensure_workers(threads - 1);
    if (threads > running + 1) threads = running + 1;
    if (threads <= 1) {
      pthread_mutex_unlock(&P.busy);
      pooled = 0;
    }
  }
  if (!pooled) {
    for (int i = 0; i < parts; i++) fn(ctx, i, parts);
    return;
  }
  const unsigned seq = atomic_load(&P.seq) + 1;
  atomic_store_explicit(&P.fn, fn, memory_order_relaxed);
  atomic_store_explicit(&P.ctx, ctx, memory_order_relaxed);
  atomic_store_explicit(&P.parts, parts, memory_order_relaxed);
  atomic_store_explicit(&P.threads, threads, memory_order_relaxed);
  atomic_store_explicit(&P.fpu, hnn_fpu_get(), memory_order_relaxed);
  atomic_store_explicit(&P.finished, 0, memory_order_relaxed);
  atomic_store_explicit(&P.claims, (unsigned long long)seq << 32, memory_order_release);
  atomic_store(&P.seq, seq);
  if (atomic_load(&P.sleepers) > 0) {
    pthread_mutex_lock(&P.lock);
    pthread_cond_broadcast(&P.wake);
    pthread_mutex_unlock(&P.lock);
  }
  const int by_caller = run_parts(seq, 0);
  const long own = now_ns();
  for (unsigned i = 1; atomic_load_explicit(&P.finished, memory_order_acquire) < parts; i++) {
    cpu_relax();
    if ((i & 4095) == 0) sched_yield();
  }
  hnn_health_judge(&H, start, own, now_ns(), parts, by_caller, threads);
  pthread_mutex_unlock(&P.busy);
}
