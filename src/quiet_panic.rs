//! Catching a collector's panic without the panic hook's report. No
//! client_golang 1.14 counterpart: there a panicking collector crashes the
//! process (1.24 and later recover, in `registry.go`'s `safeCollect`).
//!
//! Rust's panic hook runs before the unwinding that `catch_unwind` stops:
//! left alone, every scrape of a panicking collector writes the hook's
//! report to stderr (two lines, a backtrace with `RUST_BACKTRACE`) before
//! the handler logs the error, which already says all of it in one line.
//! So the first catch wraps the program's hook, once: while this thread
//! runs a collector, the wrapper only notes where the panic was raised, for
//! the error; any other panic goes to the program's own hook as before. A
//! hook the program sets later replaces the wrapper, as it replaces any
//! hook.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch_quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// Where this thread's last quiet panic was raised.
    static SITE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic [`catch_quietly`] stopped.
pub(crate) struct Caught {
    /// The text it was raised with.
    pub(crate) message: String,
    /// `file:line` where it was raised.
    pub(crate) site: Option<String>,
}

/// Runs `f`, turning a panic into [`Caught`] without the hook's report.
pub(crate) fn catch_quietly<R>(f: impl FnOnce() -> R) -> Result<R, Caught> {
    wrap_hook();
    // A collector may gather another registry (a registry is a collector):
    // restore the outer state rather than clearing it.
    let outer = QUIET.with(|quiet| quiet.replace(true));
    let outer_site = SITE.with(|site| site.borrow_mut().take());
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(outer));
    let site = SITE.with(|site| std::mem::replace(&mut *site.borrow_mut(), outer_site));
    result.map_err(|payload| Caught { message: panic_message(payload), site })
}

/// Puts the wrapper in front of the program's hook, the first time.
fn wrap_hook() {
    static WRAPPED: Once = Once::new();
    // `set_hook` may not be called while this thread unwinds (a gather in
    // a destructor); a later catch wraps it then.
    if WRAPPED.is_completed() || std::thread::panicking() {
        return;
    }
    WRAPPED.call_once(|| {
        let program = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !note_if_quiet(info) {
                program(info);
            }
        }));
    });
}

/// Notes where a panic on a quiet thread was raised; false elsewhere, and
/// always where panics abort (nothing would catch it: the program's hook
/// must report it).
fn note_if_quiet(info: &PanicHookInfo<'_>) -> bool {
    if !cfg!(panic = "unwind") {
        return false;
    }
    // `try_with`: a panic in a thread-local's destructor must still reach
    // the program's hook.
    if !QUIET.try_with(Cell::get).unwrap_or(false) {
        return false;
    }
    let site = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
    SITE.try_with(|noted| *noted.borrow_mut() = site).is_ok()
}

/// The text a panic was raised with, when it was a string.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(s) => s.to_string(),
            Err(_) => "panic with a non-string payload".to_owned(),
        },
    }
}
