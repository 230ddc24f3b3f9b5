//! `Registry`, the register side: accepting collectors, refusing the ones
//! that would clash, and unregistering. Mirrors the Register / Unregister
//! half of `registry.go` (the gather side is in `gather.rs`), and holds the
//! process-wide default registry.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use parking_lot::{Mutex, RwLock};

use crate::collector::{Collector, collect_safely, describe_safely};
use crate::desc::Desc;
use crate::gather_error::GatherError;
use crate::metric::Metric;
use crate::metric_families::SizeHints;
use crate::proto::MetricFamily;
use crossbeam_channel::Sender;

/// A set of collectors that can be gathered together, checked for
/// consistency on registration and on every gather.
pub struct Registry {
    state: RwLock<State>,
    pedantic: bool,
    /// Family sizes seen by the last gather (see `metric_families.rs`).
    size_hints: Mutex<SizeHints>,
    /// How many metrics custom collectors sent at the last streaming
    /// scrape, for the next to reserve room for (`scrape.rs`).
    collected_hint: AtomicUsize,
}

#[derive(Default)]
struct State {
    /// Checked collectors by collector ID (XOR of their distinct desc IDs).
    collectors_by_id: HashMap<u64, Arc<dyn Collector>>,
    /// Every desc ID of every checked collector.
    desc_ids: HashSet<u64>,
    /// The dimension hash each fully-qualified name was first registered
    /// with. Never cleaned on unregister, as in Go.
    dim_hashes_by_name: HashMap<String, u64>,
    /// Collectors that describe nothing; no checks, no unregistering.
    unchecked: Vec<Arc<dyn Collector>>,
}

/// Collectors, as a gather takes them.
pub(crate) type Collectors = Vec<Arc<dyn Collector>>;

/// Why [`Registry::register`] refused a collector. Each text is Go's
/// `Register` error, byte for byte.
#[derive(Debug)]
pub enum RegisterError {
    /// A described desc carries an error.
    InvalidDescriptor(Desc),
    /// A desc with this ID belongs to another registered collector.
    DescriptorExists(Desc),
    /// A desc of this name was registered with other help or label names.
    DifferentDimensions(Desc),
    /// One collector described two descs of one name with other help or labels.
    InconsistentDimensions(Desc),
    /// An equal collector (same set of desc IDs) is already registered.
    AlreadyRegistered(AlreadyRegisteredError),
    /// The collector's `describe` panicked (Go would crash the process).
    DescribePanicked(String),
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::InvalidDescriptor(desc) => {
                write!(f, "descriptor {desc} is invalid: ")?;
                desc.write_err(f)
            }
            RegisterError::DescriptorExists(desc) => {
                write!(
                    f,
                    "descriptor {desc} already exists with the same fully-qualified name and const label values"
                )
            }
            RegisterError::DifferentDimensions(desc) => write!(
                f,
                "a previously registered descriptor with the same fully-qualified name as {desc} has different label names or a different help string"
            ),
            RegisterError::InconsistentDimensions(desc) => write!(
                f,
                "descriptors reported by collector have inconsistent label names or help strings for the same fully-qualified name, offender is {desc}"
            ),
            RegisterError::AlreadyRegistered(err) => write!(f, "{err}"),
            RegisterError::DescribePanicked(msg) => {
                write!(f, "collector panicked in Describe: {msg}")
            }
        }
    }
}

impl std::error::Error for RegisterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RegisterError::InvalidDescriptor(desc) => desc.err().map(|err| err as _),
            _ => None,
        }
    }
}

/// Go's `AlreadyRegisteredError`: an equal collector is registered already.
/// It carries the existing collector, so the caller can use that one instead
/// (see [`Registry::register_or_existing`]), and hands back the new one, so
/// nothing is lost.
pub struct AlreadyRegisteredError {
    /// The collector registered before.
    pub existing: Arc<dyn Collector>,
    /// The collector that was refused.
    pub new: Box<dyn Collector>,
}

impl fmt::Debug for AlreadyRegisteredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlreadyRegisteredError").finish_non_exhaustive()
    }
}

impl fmt::Display for AlreadyRegisteredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("duplicate metrics collector registration attempted")
    }
}

impl std::error::Error for AlreadyRegisteredError {}

/// What one collector's descs add up to, before it is committed.
#[derive(Default)]
struct Candidate {
    id: u64,
    desc_ids: HashSet<u64>,
    dim_hashes: HashMap<String, u64>,
    duplicate: Option<Desc>,
}

impl Registry {
    /// Go's `NewRegistry`.
    pub fn new() -> Registry {
        Registry {
            state: RwLock::new(State::default()),
            pedantic: false,
            size_hints: Mutex::default(),
            collected_hint: AtomicUsize::new(0),
        }
    }

    /// Go's `NewPedanticRegistry`: on gather, also checks every metric of a
    /// checked collector against the desc it was registered with.
    pub fn new_pedantic() -> Registry {
        Registry { pedantic: true, ..Registry::new() }
    }

    // ANCHOR: register
    /// Go's `Register`: adds `collector` unless its descs clash with what is
    /// registered. The checks run in Go's order; see [`RegisterError`] for each.
    pub fn register(&self, collector: Box<dyn Collector>) -> Result<(), RegisterError> {
        let descs = describe_safely(collector.as_ref())
            .map_err(RegisterError::DescribePanicked)?;
        let mut state = self.state.write();
        let candidate = state.check_descs(descs)?;
        if candidate.desc_ids.is_empty() {
            state.unchecked.push(Arc::from(collector));
            return Ok(());
        }
        if let Some(existing) = state.collectors_by_id.get(&candidate.id) {
            // Through a wrapping registerer, the collector the caller knows.
            let existing = crate::wrap::unwrap_recursively(existing.clone());
            return Err(RegisterError::AlreadyRegistered(AlreadyRegisteredError {
                existing,
                new: collector,
            }));
        }
        if let Some(desc) = candidate.duplicate {
            return Err(RegisterError::DescriptorExists(desc));
        }
        state.collectors_by_id.insert(candidate.id, Arc::from(collector));
        state.desc_ids.extend(candidate.desc_ids);
        state.dim_hashes_by_name.extend(candidate.dim_hashes);
        Ok(())
    }
    // ANCHOR_END: register

    /// Registers `collector`, or, if an equal one is registered already and
    /// is of the same type, returns that one: Go's idiom of taking
    /// `AlreadyRegisteredError.ExistingCollector` (as promhttp's
    /// `InstrumentMetricHandler` does). Any other error, including an equal
    /// collector of another type, is returned as it is.
    pub fn register_or_existing<C: Collector + Clone>(
        &self,
        collector: C,
    ) -> Result<C, RegisterError> {
        match self.register(Box::new(collector.clone())) {
            Ok(()) => Ok(collector),
            Err(RegisterError::AlreadyRegistered(err)) => {
                match (err.existing.as_ref() as &dyn Any).downcast_ref::<C>() {
                    Some(existing) => Ok(existing.clone()),
                    None => Err(RegisterError::AlreadyRegistered(err)),
                }
            }
            Err(err) => Err(err),
        }
    }

    /// Go's `MustRegister`: registers each collector in turn and panics on
    /// the first error; the ones before it stay registered.
    pub fn must_register(
        &self,
        collectors: impl IntoIterator<Item = Box<dyn Collector>>,
    ) {
        for collector in collectors {
            if let Err(err) = self.register(collector) {
                panic!("{err}");
            }
        }
    }

    /// What a gather runs: the checked collectors, the unchecked ones, and
    /// (for a pedantic registry) every registered desc ID. Taken under the
    /// read lock, which is released before any collector runs (registering
    /// may go on meanwhile).
    pub(crate) fn snapshot(&self) -> (Collectors, Collectors, Option<HashSet<u64>>) {
        let state = self.state.read();
        let checked = state.collectors_by_id.values().cloned().collect();
        let unchecked = state.unchecked.clone();
        let registered_ids = self.pedantic.then(|| state.desc_ids.clone());
        (checked, unchecked, registered_ids)
    }

    /// The checked and the unchecked collectors, taken under the read lock.
    fn collectors(&self) -> (Collectors, Collectors) {
        let state = self.state.read();
        (state.collectors_by_id.values().cloned().collect(), state.unchecked.clone())
    }

    /// The family sizes the last gather saw, for this one to reserve; a
    /// gather running meanwhile starts without them.
    pub(crate) fn take_size_hints(&self) -> SizeHints {
        std::mem::take(&mut *self.size_hints.lock())
    }

    /// Keeps this gather's family sizes for the next.
    pub(crate) fn keep_size_hints(&self, hints: SizeHints) {
        *self.size_hints.lock() = hints;
    }

    /// How many metrics custom collectors sent at the last streaming scrape.
    pub(crate) fn collected_hint(&self) -> usize {
        // A hint: any value is safe, so no ordering is needed.
        self.collected_hint.load(Ordering::Relaxed)
    }

    /// Keeps this streaming scrape's count for the next.
    pub(crate) fn keep_collected_hint(&self, collected: usize) {
        self.collected_hint.store(collected, Ordering::Relaxed);
    }

    /// Go's `Unregister`: removes the registered collector *equal* to this
    /// one (the same set of desc IDs). Returns whether one was removed.
    /// Unchecked collectors cannot be unregistered.
    pub fn unregister(&self, collector: &dyn Collector) -> bool {
        let Ok(descs) = describe_safely(collector) else {
            return false;
        };
        let ids: HashSet<u64> = descs.iter().map(Desc::id).collect();
        let id = ids.iter().fold(0, |acc, id| acc ^ id);
        let removed = {
            let mut state = self.state.write();
            let removed = state.collectors_by_id.remove(&id);
            if removed.is_some() {
                for id in &ids {
                    state.desc_ids.remove(id);
                }
            }
            removed
        };
        // Dropped after the lock is released: the collector's own `Drop`
        // may use this registry.
        removed.is_some()
    }
}

impl State {
    // ANCHOR: check_descs
    /// The per-desc checks of Go's `Register`, in order.
    fn check_descs(&self, descs: Vec<Desc>) -> Result<Candidate, RegisterError> {
        let mut c = Candidate::default();
        for desc in descs {
            if desc.err().is_some() {
                return Err(RegisterError::InvalidDescriptor(desc));
            }
            if self.desc_ids.contains(&desc.id()) {
                // Not fatal yet: an equal collector is the better report.
                c.duplicate = Some(desc.clone());
            }
            // A desc described twice by one collector counts once.
            if c.desc_ids.insert(desc.id()) {
                c.id ^= desc.id();
            }
            if let Some(&known) = self.dim_hashes_by_name.get(desc.fq_name()) {
                if known != desc.dim_hash() {
                    return Err(RegisterError::DifferentDimensions(desc));
                }
                continue;
            }
            match c.dim_hashes.get(desc.fq_name()) {
                Some(&own) if own != desc.dim_hash() => {
                    return Err(RegisterError::InconsistentDimensions(desc));
                }
                Some(_) => {}
                None => {
                    c.dim_hashes.insert(desc.fq_name().to_owned(), desc.dim_hash());
                }
            }
        }
        Ok(c)
    }
    // ANCHOR_END: check_descs
}

// ANCHOR: registry_collector
/// Go's `Registry.Describe` and `Registry.Collect`: a registry is itself a
/// collector, so one registry can hold another (register an
/// `Arc<Registry>` to keep using the inner one). It describes the descs of
/// its checked collectors (unchecked ones describe nothing) and collects
/// every collector; a collector that panics becomes an error, as in a gather.
impl Collector for Registry {
    fn describe(&self, descs: &Sender<Desc>) {
        let Some(_inside) = Inside::enter(self) else { return };
        let (checked, _) = self.collectors();
        for c in checked {
            c.describe(descs);
        }
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        let Some(_inside) = Inside::enter(self) else {
            let desc = Desc::new_invalid(
                "a registry was collected within itself (registered into itself)",
            );
            let _ = metrics
                .send(Arc::new(crate::metric::new_invalid_metric(desc, "recursion")));
            return;
        };
        let (checked, unchecked) = self.collectors();
        for c in checked.iter().chain(&unchecked) {
            collect_safely(c.as_ref(), metrics);
        }
    }
}

thread_local! {
    /// The registries this thread is describing or collecting right now.
    static INSIDE: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A registry being described or collected on this thread: a registry
/// registered into itself (or two into each other) is not entered again,
/// where it would recurse until the stack overflows (Go deadlocks).
struct Inside(usize);

impl Inside {
    fn enter(registry: &Registry) -> Option<Inside> {
        let address = registry as *const Registry as usize;
        INSIDE.with(|inside| {
            let mut inside = inside.borrow_mut();
            if inside.contains(&address) {
                return None;
            }
            inside.push(address);
            Some(Inside(address))
        })
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        INSIDE.with(|inside| inside.borrow_mut().retain(|&a| a != self.0));
    }
}
// ANCHOR_END: registry_collector

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.read();
        f.debug_struct("Registry")
            .field("pedantic", &self.pedantic)
            .field("checked_collectors", &state.collectors_by_id.len())
            .field("unchecked_collectors", &state.unchecked.len())
            .field("descs", &state.desc_ids.len())
            .finish()
    }
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::new()
    }
}

/// The process-wide registry behind the free functions [`register`],
/// [`must_register`], [`unregister`] and [`gather`] (Go's
/// `DefaultRegisterer` and `DefaultGatherer`).
pub fn default_registry() -> &'static Registry {
    static DEFAULT: LazyLock<Registry> = LazyLock::new(Registry::new);
    &DEFAULT
}

/// Registers with the default registry.
pub fn register(collector: Box<dyn Collector>) -> Result<(), RegisterError> {
    default_registry().register(collector)
}

/// Registers with the default registry, panicking on error.
pub fn must_register(collectors: impl IntoIterator<Item = Box<dyn Collector>>) {
    default_registry().must_register(collectors)
}

/// Unregisters from the default registry.
pub fn unregister(collector: &dyn Collector) -> bool {
    default_registry().unregister(collector)
}

/// Gathers the default registry.
pub fn gather() -> Result<Vec<MetricFamily>, GatherError> {
    default_registry().gather()
}
