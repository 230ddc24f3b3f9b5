"""Prints the comparison table of benches/compare.sh as Markdown.

Reads criterion's estimates (median, in ns) from target/criterion, the
output of benches/go/run.sh, and the allocation/text-size lines of
benches/allocs.rs. Workloads, operations and series counts are those of
shared/bench/WORKLOADS.md.
"""
import json
import os
import platform
import re
import subprocess
import sys

WORKLOADS = {
    "counter_vec_10k": 10_000,
    "histogram_vec_1k": 1_000,
    "summary_vec_100": 100,
    "collectors_100x100": 10_000,
    "const_exporter_10k": 10_000,
    "native_histogram_vec_1k": 1_000,
}
OPS = ["gather", "gather_text", "gather_proto"]
GO_OPS = {"Gather": "gather", "GatherText": "gather_text", "GatherProto": "gather_proto"}
HOT = ["counter_inc", "histogram_observe", "with_label_values_hit"]
# Measured on one thread only.
HOT_ONCE = ["counter_inc_with_exemplar", "histogram_observe_with_exemplar", "native_histogram_observe"]
PEERS = ["client_golang", "prometheus", "prometheus-client"]


def criterion(root, *path):
    f = os.path.join(root, *path, "new", "estimates.json")
    if not os.path.exists(f):
        return None
    with open(f) as fh:
        return json.load(fh)["median"]["point_estimate"]


def go_results(path):
    res, sizes = {}, {}
    for line in open(path):
        m = re.match(r"Benchmark(\w+)/(\w+)-\d+\s+\d+\s+([\d.]+) ns/op(?:\s+\d+ B/op\s+(\d+) allocs/op)?", line)
        if m:
            res[(m.group(1), m.group(2))] = (float(m.group(3)), m.group(4))
        m = re.match(r"textbytes (\w+) (\d+)", line)
        if m:
            sizes[m.group(1)] = int(m.group(2))
    return res, sizes


def alloc_results(path):
    allocs, sizes = {}, {}
    memory.clear()
    for line in open(path):
        parts = line.split()
        if parts[0] == "allocs":
            allocs[(parts[1], parts[2])] = (parts[3], parts[4])
        elif parts[0] == "memory":
            memory[(parts[1], parts[2])] = parts[3]
        elif parts[0] == "textbytes":
            sizes[(parts[1], parts[2])] = int(parts[3])
    return allocs, sizes


def fmt(v):
    return "n/a" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def cmd(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(open("/proc/meminfo").readline().split()[1]) // (1024 * 1024)
    return (f"{cpu}, {os.cpu_count()} cores, {mem} GiB; {platform.system()} {platform.release()}; "
            f"{cmd('rustc', '--version')}; {cmd('go', 'version')}")


def main():
    root, go_path, alloc_path = sys.argv[1:4]
    scaling_path = sys.argv[4] if len(sys.argv) > 4 else None
    go, go_sizes = go_results(go_path)
    allocs, sizes = alloc_results(alloc_path)
    print(f"Machine: {machine()}\n")
    print("## Gather: ns per series (median)\n")
    print("| workload | operation | promreg | client_golang | prometheus | prometheus-client "
          "| metrics-exporter-prometheus | promreg / best peer |")
    print("|---|---|---|---|---|---|---|---|")
    for w, n in WORKLOADS.items():
        # The streaming scrape is set against the peers' gather + encode.
        for op, peer_op in [(op, op) for op in OPS] + [("scrape_text", "gather_text"), ("scrape_proto", "gather_proto")]:
            ours = criterion(root, w, op, "promreg")
            goop = [k for k, v in GO_OPS.items() if v == peer_op][0]
            peers = {
                "client_golang": go.get((goop, w), (None,))[0],
                "prometheus": criterion(root, w, peer_op, "prometheus"),
                "prometheus-client": criterion(root, w, peer_op, "prometheus-client"),
                "metrics-exporter-prometheus": criterion(root, w, peer_op, "metrics-exporter-prometheus"),
            }
            per = {k: (None if v is None else v / n) for k, v in peers.items()}
            mine = None if ours is None else ours / n
            best = min((v for v in per.values() if v is not None), default=None)
            ratio = "n/a" if mine is None or best is None else f"{mine / best:.2f}"
            print(f"| {w} | {op} | {fmt(mine)} | {fmt(per['client_golang'])} | {fmt(per['prometheus'])} "
                  f"| {fmt(per['prometheus-client'])} | {fmt(per['metrics-exporter-prometheus'])} | {ratio} |")
    floor = criterion(root, "counter_vec_10k", "floor", "floor")
    scrape = criterion(root, "counter_vec_10k", "scrape_text", "promreg")
    if floor is not None and scrape is not None:
        print(f"\nfloor (counter_vec_10k's text from strings and numbers in memory, no registry): "
              f"{fmt(floor / 10_000)} ns per series; promreg's streaming scrape is {scrape / floor:.2f}× that.\n")
    print("\nscrape_text and scrape_proto are promreg's streaming scrape (Registry::write_scrape), set against "
          "each peer's gather + encode (gather_text, gather_proto). "
          "prometheus-client's gather_text is its text encoder alone (OpenMetrics, straight from its "
          "registry); its gather is its protobuf encoder's building of prost MetricFamily values, and "
          "its gather_proto that plus encoding into a new Vec. It writes native histograms only in "
          "protobuf. metrics-exporter-prometheus renders from its recorder's snapshot (text, and "
          "length-delimited protobuf). native_histogram_vec_1k is issue 11's workload, not yet in WORKLOADS.md "
          "(see benches/workloads.rs).\n")
    print("## Hot paths: ns per operation (median)\n")
    print("| operation | promreg | client_golang | prometheus | prometheus-client | promreg / best peer |")
    print("|---|---|---|---|---|---|")
    rows = [(op, suffix) for op in HOT for suffix in ["", "_contended"]] + [(op, "") for op in HOT_ONCE]
    for op, suffix in rows:
        ours = criterion(root, op + suffix, "promreg")
        peers = [go.get(("HotPaths", op + suffix), (None,))[0],
                 criterion(root, op + suffix, "prometheus"),
                 criterion(root, op + suffix, "prometheus-client")]
        best = min((v for v in peers if v is not None), default=None)
        ratio = "n/a" if ours is None or best is None else f"{ours / best:.2f}"
        print(f"| {op + suffix} | {fmt(ours)} | " + " | ".join(fmt(p) for p in peers) + f" | {ratio} |")
    print("\nContended: criterion times one thread while a second runs the same operation; Go's "
          "RunParallel divides wall time by the operations of both goroutines (about half the latency).\n")
    print("## Allocations per gather, and bytes of text output\n")
    print("| workload | promreg gather | promreg gather+text | promreg streaming scrape | client_golang gather "
          "| prometheus gather | text bytes promreg | client_golang | prometheus | equal |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for w in WORKLOADS:
        ours = allocs.get((w, "promreg"), ("?", "?"))
        scrape = allocs.get((w, "promreg-scrape"), ("?", "?"))[0]
        theirs = allocs.get((w, "prometheus"), ("n/a", "n/a"))
        go_allocs = go.get(("Gather", w), (None, None))[1] or "?"
        s_ours, s_go, s_prom = sizes.get((w, "promreg")), go_sizes.get(w), sizes.get((w, "prometheus"))
        present = [s for s in (s_ours, s_go, s_prom) if s is not None]
        equal = "yes" if present and all(s == present[0] for s in present) else "NO"
        print(f"| {w} | {ours[0]} | {ours[1]} | {scrape} | {go_allocs} | {theirs[0]} | {s_ours} | {s_go} | "
              f"{s_prom if s_prom is not None else 'n/a'} | {equal} |")


    if scaling_path:
        print_scaling(scaling_path, go_path)

    print("\n## Series lifecycle (promreg only; no peer has it): ns per operation (median)\n")
    print("| operation | promreg |")
    print("|---|---|")
    for op in ["with_label_values_hit", "with_label_values_hit_capped", "past_the_limit",
               "scrape_10k", "scrape_10k_expiring"]:
        print(f"| {op} | {fmt(criterion(root, 'series_lifecycle', op))} |")
    print("\nA limit costs the hit path nothing (the limit is looked at only when a lookup misses); "
          "expiry costs the scrape a read of every series, taken when the vec is scraped.\n")

    print("\n## Memory: heap bytes per series, the registry built and scraped once\n")
    print("| workload | promreg | prometheus | prometheus-client |")
    print("|---|---|---|---|")
    for w in WORKLOADS:
        cells = [memory.get((w, c), "n/a") for c in ("promreg", "prometheus", "prometheus-client")]
        print(f"| {w} | " + " | ".join(cells) + " |")
    print("\nA series that threads contend for grows lanes on top of this (src/stripes.rs): a "
          "counter one 128-byte cache line per lane, a histogram one lane's hot and cold counts "
          "per lane, with as many lanes as cores (rounded up to a power of two, 2 at least, 16 at "
          "most).")


def print_scaling(path, go_path):
    """The throughput-against-threads table: millions of operations per
    second, all threads together, one shared metric."""
    rates = {}
    for line in open(path):
        _, op, crate, threads, rate = line.split()
        rates[(op, crate, int(threads))] = float(rate)
    for line in open(go_path):
        # Go names the -cpu 1 run without a suffix.
        m = re.match(r"BenchmarkScaling/(\w+?)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op", line)
        if m:
            rates[(m.group(1), "client_golang", int(m.group(2) or 1))] = 1e9 / float(m.group(3))
    threads = sorted({t for (_, _, t) in rates})
    crates = ["promreg", "client_golang", "prometheus", "prometheus-client"]
    print(f"\n## Throughput against threads: million operations per second, all threads together\n")
    print("| operation | crate | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in threads) + " |")
    print("|---|---|" + "---|" * len(threads))
    for op in ["counter_inc", "histogram_observe", "with_label_values_hit"]:
        for crate in crates:
            cells = [rates.get((op, crate, t)) for t in threads]
            print(f"| {op} | {crate} | " + " | ".join("n/a" if c is None else f"{c / 1e6:.1f}" for c in cells) + " |")
    print("\nEach thread (goroutine for client_golang, RunParallel with -cpu set to the count) runs the "
          "operation on one shared metric flat out; on this 2-core machine, 4 and 8 threads are "
          "oversubscribed. `SCALING_THREADS` sets the counts for a bigger machine "
          "(benches/scaling.rs, benches/go).\n")


# Memory per series, by (workload, crate).
memory = {}


if __name__ == "__main__":
    main()
