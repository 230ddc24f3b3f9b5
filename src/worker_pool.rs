//! The threads that run collectors during a gather. Go starts goroutines for
//! this, which cost almost nothing; OS threads do cost, so promreg keeps them
//! in one process-wide pool: a thread is started only when no idle one is
//! waiting, is reused by later gathers, and ends after idling for a while.
//! It never holds more than [`MAX_THREADS`]: past that, a job runs on the
//! thread that submits it (the gathering thread), so collectors stuck
//! forever cost a bounded number of threads, not one more per scrape.
//! (Go has no counterpart file: its runtime is the pool.)

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

/// A unit of work for the pool.
pub(crate) type Job = Box<dyn FnOnce() + Send + 'static>;

/// Threads started so far, so tests can see that threads are reused.
static THREADS_STARTED: AtomicUsize = AtomicUsize::new(0);

/// The most threads the pool holds at once. A gather runs at most 16
/// collectors at a time and the HTTP handler a few gathers at a time, so
/// on a machine of up to four CPUs only collectors that never return fill
/// it; on a larger one, slow collectors of many gathers may too, and then
/// some run on their gathering threads.
const MAX_THREADS: usize = 64;

/// How long an idle thread waits for work before it ends.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

struct WorkerPool {
    jobs: Sender<Job>,
    queue: Receiver<Job>,
    /// Threads waiting for a job that no submitter has claimed yet.
    idle: AtomicUsize,
    /// Threads alive, busy or idle.
    alive: AtomicUsize,
}

fn pool() -> &'static WorkerPool {
    static POOL: OnceLock<WorkerPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let (jobs, queue) = crossbeam_channel::unbounded();
        WorkerPool { jobs, queue, idle: AtomicUsize::new(0), alive: AtomicUsize::new(0) }
    })
}

/// Runs `job` on a pool thread: an idle one if there is one, else a new one.
/// If the pool is full or no thread can be started, the job runs on the
/// caller's thread, which is slower but loses nothing. (A gather's
/// channels are unbounded, so a job never waits for its own submitter.)
pub(crate) fn execute(job: Job) {
    let pool = pool();
    if claim_idle(&pool.idle) {
        // A waiting thread is now promised to this job; it cannot time out
        // before taking it (see `worker_loop`).
        let _ = pool.jobs.send(job);
        return;
    }
    if !claim_room(&pool.alive) {
        return job();
    }
    // Queue the job, then start a thread that takes one job before it
    // counts itself idle: every queued job has a thread coming for it.
    let _ = pool.jobs.send(job);
    let (queue, alive) = (pool.queue.clone(), &pool.alive);
    THREADS_STARTED.fetch_add(1, Ordering::Relaxed);
    let started =
        thread::Builder::new().name("promreg-collect".into()).spawn(move || {
            // Counted out however the thread ends, a panicking job included.
            let _alive = Alive(alive);
            if let Ok(job) = queue.recv() {
                job();
            }
            worker_loop(&queue);
        });
    if started.is_err() {
        alive.fetch_sub(1, Ordering::AcqRel);
        // No thread could be started: run a queued job here instead.
        if let Ok(job) = pool.queue.try_recv() {
            job();
        }
    }
}

/// A pool thread, counted out of `alive` when it ends.
struct Alive(&'static AtomicUsize);

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Counts one more thread alive, if the pool has room for it.
fn claim_room(alive: &AtomicUsize) -> bool {
    alive
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_THREADS).then_some(n + 1)
        })
        .is_ok()
}

/// Takes one unclaimed idle thread, if any.
fn claim_idle(idle: &AtomicUsize) -> bool {
    idle.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1)).is_ok()
}

fn worker_loop(queue: &Receiver<Job>) {
    let idle = &pool().idle;
    loop {
        idle.fetch_add(1, Ordering::AcqRel);
        match queue.recv_timeout(IDLE_TIMEOUT) {
            Ok(job) => job(),
            // Leave only if this thread is still unclaimed; if every idle
            // thread is claimed, a job is on its way and one must take it.
            Err(RecvTimeoutError::Timeout) if claim_idle(idle) => return,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// The tests that count threads, one at a time.
    static COUNTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn threads_started() -> usize {
        THREADS_STARTED.load(Ordering::Relaxed)
    }

    /// Jobs that never return fill the pool and no more: past
    /// `MAX_THREADS`, a job runs on the thread that submits it.
    #[test]
    fn stuck_jobs_fill_the_pool_and_no_more() {
        let _counting = COUNTING.lock();
        let jobs = MAX_THREADS + 8;
        let (release_tx, release_rx) = crossbeam_channel::unbounded::<()>();
        let (ran_tx, ran_rx) = mpsc::channel();
        for _ in 0..jobs {
            let (release_rx, ran_tx) = (release_rx.clone(), ran_tx.clone());
            // Each from its own thread: a job run on its submitter holds it.
            std::thread::spawn(move || {
                execute(Box::new(move || {
                    let pooled = std::thread::current().name() == Some("promreg-collect");
                    let _ = ran_tx.send(pooled);
                    let _ = release_rx.recv();
                }))
            });
        }
        let pooled = (0..jobs)
            .filter(|_| ran_rx.recv_timeout(Duration::from_secs(10)).unwrap())
            .count();
        drop(release_tx);
        // Other tests' jobs may hold pool threads too: more of these ran
        // on their submitters then, never fewer.
        assert!(pooled > 0 && pooled <= MAX_THREADS, "{pooled} jobs on pool threads");
        assert!(jobs - pooled >= 8, "{} jobs on their submitters", jobs - pooled);
    }

    /// Jobs run one after another reuse one thread instead of starting one
    /// each. (Other tests may use the pool at the same time, so this counts
    /// only an upper bound.)
    #[test]
    fn sequential_jobs_reuse_threads() {
        let _counting = COUNTING.lock();
        let before = threads_started();
        for _ in 0..50 {
            let (tx, rx) = mpsc::channel();
            execute(Box::new(move || tx.send(()).unwrap()));
            rx.recv().unwrap();
            // Let the worker get back to waiting before the next job.
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(
            threads_started() - before < 10,
            "started {}",
            threads_started() - before
        );
    }

    #[test]
    fn concurrent_jobs_all_run() {
        // A full pool would run a job on this thread, which then never
        // gets to release it.
        let _counting = COUNTING.lock();
        let (tx, rx) = mpsc::channel();
        let (release_tx, release_rx) = crossbeam_channel::unbounded::<()>();
        for i in 0..8 {
            let tx = tx.clone();
            let release_rx = release_rx.clone();
            // Each job blocks until released: all 8 must run at once.
            execute(Box::new(move || {
                tx.send(i).unwrap();
                let _ = release_rx.recv();
            }));
        }
        let mut seen: Vec<i32> =
            (0..8).map(|_| rx.recv_timeout(Duration::from_secs(5)).unwrap()).collect();
        seen.sort();
        assert_eq!(seen, (0..8).collect::<Vec<_>>());
        drop(release_tx);
    }
}
