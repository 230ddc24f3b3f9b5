//! A collector driven by hand, as the registry drives it: `describe` into
//! one channel, `collect` into another; then the same collector registered
//! unchecked (describing nothing), which the registry accepts twice and
//! finds out about only when it gathers.
//!
//! Run it: `cargo run --example collectors`

use std::sync::Arc;

use promreg::{
    Collector, Desc, Labels, Metric, Registry, Sender, ValueType, describe_by_collect,
    new_const_metric,
};

/// Reports the length of two queues.
struct Queues {
    desc: Desc,
    checked: bool,
}

// ANCHOR: collector
impl Collector for Queues {
    fn describe(&self, descs: &Sender<Desc>) {
        if self.checked {
            let _ = descs.send(self.desc.clone());
        }
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        for (queue, length) in [("mail", 3.0), ("print", 0.0)] {
            if let Ok(m) =
                new_const_metric(&self.desc, ValueType::Gauge, length, &[queue])
            {
                let _ = metrics.send(Arc::new(m));
            }
        }
    }
}
// ANCHOR_END: collector

// ANCHOR: report
pub fn report() -> String {
    let desc = Desc::new("queue_length", "Jobs waiting.", &["queue"], Labels::new());
    let queues = Queues { desc: desc.clone(), checked: true };
    let mut out = String::new();

    let (descs, described) = crossbeam_channel::unbounded();
    queues.describe(&descs);
    drop(descs);
    for d in described {
        out += &format!("described: {d}\n");
    }
    let (metrics, collected) = crossbeam_channel::unbounded();
    queues.collect(&metrics);
    drop(metrics);
    for m in collected {
        let mut written = promreg::proto::Metric::new();
        m.write(&mut written).unwrap();
        out += &format!("collected: {} {written}\n", m.desc().fq_name());
    }
    let (descs, by_collect) = crossbeam_channel::unbounded();
    describe_by_collect(&queues, &descs);
    drop(descs);
    out += &format!("describe_by_collect sent {} descs\n", by_collect.iter().count());

    let reg = Registry::new();
    for attempt in ["unchecked, once", "unchecked, twice"] {
        let result =
            reg.register(Box::new(Queues { desc: desc.clone(), checked: false }));
        out += &format!(
            "register {attempt}: {}\n",
            if result.is_ok() { "accepted" } else { "refused" }
        );
    }
    let err = reg.gather().expect_err("each series is collected twice");
    out +=
        &format!("gather: {} error(s), the first: {}\n", err.errors.len(), err.errors[0]);
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
