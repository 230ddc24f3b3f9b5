// Command golden writes the golden files used by the Rust port's tests to
// compare its output with the Prometheus Go client (client_golang 1.14,
// prometheus/common 0.39).
//
// Usage (from the repository root, GOPATH mode, offline):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode:$HOME/go go run ./tests/go [OUTDIR]
//
// OUTDIR defaults to tests/golden. Every file listed below is (re)written:
//
//   - NAME.txt / NAME.pb / NAME.om for each exposition scenario: all families
//     of one Gather call (of a fresh Registry, or of the Gatherer built by a
//     gathererScenarios entry) encoded with expfmt.FmtText, expfmt.FmtProtoDelim
//     resp. expfmt.FmtOpenMetrics (the latter followed by the encoder's Close,
//     which writes "# EOF"), in Gather order. Before encoding, the label
//     pairs of every exemplar are sorted by name, and in the scenario
//     exemplars every exemplar timestamp is set to 1700000000.123 s (see
//     postGather).
//   - desc_ids.tsv: case, id, dimHash, Desc.String(), construction error.
//   - errors.tsv: case, error text of a real registration/gather/constructor
//     call, vector label lookup or currying, or the value of a panic (the
//     value's Error() if it is an error, else fmt.Sprint of it); a few
//     records hold a plain result instead (see the cases), and NAME.metric
//     records the protobuf text form of the metric or family an error embeds.
//   - buckets.tsv: case, bucket bounds of LinearBuckets & co., each formatted
//     with strconv.FormatFloat(v, 'g', -1, 64) and joined by single spaces.
//   - negotiate.tsv: Accept header, expfmt.Negotiate result,
//     expfmt.NegotiateIncludingOpenMetrics result; the header is written
//     verbatim ("-" for a request without an Accept header).
//   - metric_text.tsv: case, kind (metric or family), hex of proto.Marshal,
//     String() (protobuf compact text) of crafted dto messages.
//   - native_bounds.tsv: schema, i, bits of the native histogram bucket
//     bounds of the positive schemas, found by bisection through Observe and
//     Write.
//   - native_schema.tsv: bucket factor, schema reported by Write.
//   - native_small_values.tsv: schema, value, key of values below 1 at the
//     negative schemas.
//   - native_limits.tsv: case, step, String() of the dto.Histogram after each
//     observation, for the bucket-limit strategies.
//   - promlint.tsv: name, type, labels, help of a crafted family; the
//     problems promlint finds in it.
//   - text_parse.tsv: case, hex of the input, outcome of a fresh
//     expfmt.TextParser's TextToMetricFamilies: ok: and the hex of
//     proto.Marshal of each family (sorted by name, joined by ","), or error:
//     and the error text.
//
// TSV escaping: fields are separated by a single TAB and every record is a
// single line. To make that possible, any TAB character inside a String() or
// error text is written as the two characters `\t` and any newline as the two
// characters `\n`. Nothing else (in particular no backslash) is escaped, so
// the escaping is not reversible in general; none of the generated texts
// contains a raw TAB, and raw newlines only come from the inputs listed here.
// A field with no value (no error) is written as `-`.
package main

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golang/protobuf/proto"
	"github.com/golang/protobuf/ptypes/timestamp"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	"github.com/prometheus/common/expfmt"
)

// fail aborts the program with a non-zero exit status.
func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "golden: "+format+"\n", args...)
	os.Exit(1)
}

// tsvEscape makes a field safe for a single TSV line (see file comment).
var tsvEscape = strings.NewReplacer("\t", `\t`, "\n", `\n`).Replace

// testCollector describes a fixed list of Descs and collects via a closure.
// With no descs it is an "unchecked" collector.
type testCollector struct {
	descs   []*prometheus.Desc
	collect func(ch chan<- prometheus.Metric)
}

func (c *testCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c *testCollector) Collect(ch chan<- prometheus.Metric) {
	if c.collect != nil {
		c.collect(ch)
	}
}

// describing returns a collector that only describes the given descs.
func describing(descs ...*prometheus.Desc) prometheus.Collector {
	return &testCollector{descs: descs}
}

// unchecked returns a collector that describes nothing and sends ms.
func unchecked(ms ...prometheus.Metric) prometheus.Collector {
	return &testCollector{collect: func(ch chan<- prometheus.Metric) {
		for _, m := range ms {
			ch <- m
		}
	}}
}

func mustRegister(reg *prometheus.Registry, cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			fail("unexpected registration error: %v", err)
		}
	}
}

// ---------------------------------------------------------------------------
// Exposition scenarios.

type scenario struct {
	name  string
	build func(reg *prometheus.Registry)
}

var scenarios = []scenario{
	{"counter", func(reg *prometheus.Registry) {
		c := prometheus.NewCounter(prometheus.CounterOpts{
			Namespace:   "bec",
			Subsystem:   "demo",
			Name:        "requests_total",
			Help:        "A counter.",
			ConstLabels: prometheus.Labels{"env": "prod", "zone": "a"},
		})
		c.Inc()
		c.Add(1.5)
		plain := prometheus.NewCounter(prometheus.CounterOpts{Name: "plain_total", Help: "Plain."})
		plain.Add(42)
		zero := prometheus.NewCounter(prometheus.CounterOpts{Name: "zero_total", Help: "Never incremented."})
		mustRegister(reg, c, plain, zero)
	}},
	{"gauges", func(reg *prometheus.Registry) {
		tenth, fifth := 0.1, 0.2
		for _, g := range []struct {
			name  string
			value float64
			desc  string
		}{
			{"g_nan", math.NaN(), "NaN"},
			{"g_pos_inf", math.Inf(+1), "+Inf"},
			{"g_neg_inf", math.Inf(-1), "-Inf"},
			{"g_neg_zero", math.Copysign(0, -1), "-0"},
			{"g_zero", 0, "0"},
			{"g_tiny", 1e-300, "1e-300"},
			{"g_big", 1e21, "1e21"},
			{"g_tenth", 0.1, "0.1"},
			{"g_e11", 123456789012, "123456789012"},
			{"g_million", 1e6, "1e6"},
			{"g_e5", 100000, "100000"},
			{"g_neg", -1.5, "-1.5"},
			{"g_small", 0.0001, "0.0001"},
			{"g_smaller", 0.00001, "0.00001"},
			{"g_max", math.MaxFloat64, "max"},
			{"g_min_sub", 5e-324, "5e-324"},
			{"g_2p53", 9007199254740992, "2^53"},
			{"g_third", 1.0 / 3, "1/3"},
			{"g_sum", tenth + fifth, "0.1+0.2"}, // added at run time: Go folds constant 0.1+0.2 to exactly 0.3
			{"g_int", 123456, "123456"},
			{"g_e20", 1e20, "1e20"},
		} {
			gauge := prometheus.NewGauge(prometheus.GaugeOpts{
				Name: g.name,
				Help: "Gauge set to " + g.desc + ".",
			})
			gauge.Set(g.value)
			mustRegister(reg, gauge)
		}
	}},
	{"escaping", func(reg *prometheus.Registry) {
		desc := prometheus.NewDesc(
			"escaped_metric",
			"Help with \\ backslash,\nnewline and \"quotes\".",
			[]string{"v"}, nil,
		)
		values := []string{
			`back\slash`,
			`quo"te`,
			"new\nline",
			"Björn 佖佥",
			"",
			`all \ " ` + "\n" + ` three`,
		}
		mustRegister(reg, &testCollector{
			descs: []*prometheus.Desc{desc},
			collect: func(ch chan<- prometheus.Metric) {
				for i, v := range values {
					ch <- prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, float64(i+1), v)
				}
			},
		})
	}},
	{"const_labels", func(reg *prometheus.Registry) {
		g1 := prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace:   "ns",
			Subsystem:   "sub",
			Name:        "g",
			Help:        "Const labels.",
			ConstLabels: prometheus.Labels{"b": "2", "a": "1", "c": "x\\y"},
		})
		g1.Set(7)
		g2 := prometheus.NewGauge(prometheus.GaugeOpts{Subsystem: "only_sub", Name: "g", Help: "Subsystem only."})
		g2.Set(1)
		g3 := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "only_ns", Name: "g", Help: "Namespace only."})
		g3.Set(2)
		mustRegister(reg, g1, g2, g3)
	}},
	{"custom_collector", func(reg *prometheus.Registry) {
		up := prometheus.NewDesc("demo_up", "Was the last scrape successful.", nil, nil)
		scrapes := prometheus.NewDesc("demo_exporter_scrapes_total", "Total number of scrapes.", nil, nil)
		rows := prometheus.NewDesc("demo_table_rows", "Rows per table.",
			[]string{"db", "table"}, prometheus.Labels{"instance": "db1"})
		info := prometheus.NewDesc("demo_info", "Untyped info.", []string{"version"}, nil)
		lastSeen := prometheus.NewDesc("demo_last_seen_seconds", "With a timestamp.", nil, nil)
		mustRegister(reg, &testCollector{
			descs: []*prometheus.Desc{up, scrapes, rows, info, lastSeen},
			collect: func(ch chan<- prometheus.Metric) {
				ch <- prometheus.MustNewConstMetric(up, prometheus.GaugeValue, 1)
				ch <- prometheus.MustNewConstMetric(scrapes, prometheus.CounterValue, 3)
				ch <- prometheus.MustNewConstMetric(rows, prometheus.CounterValue, 20, "d1", "t2")
				ch <- prometheus.MustNewConstMetric(rows, prometheus.CounterValue, 10, "d1", "t1")
				ch <- prometheus.MustNewConstMetric(rows, prometheus.CounterValue, 0.5, "d0", "t9")
				ch <- prometheus.MustNewConstMetric(info, prometheus.UntypedValue, 1, "1.2.3")
				ch <- prometheus.NewMetricWithTimestamp(time.UnixMilli(1234567890123),
					prometheus.MustNewConstMetric(lastSeen, prometheus.GaugeValue, 42))
			},
		})
		old := prometheus.NewDesc("demo_old_seconds", "Before the epoch.", nil, nil)
		mustRegister(reg, &testCollector{
			descs: []*prometheus.Desc{old},
			collect: func(ch chan<- prometheus.Metric) {
				ch <- prometheus.NewMetricWithTimestamp(time.UnixMilli(-1500),
					prometheus.MustNewConstMetric(old, prometheus.GaugeValue, -1))
			},
		})
	}},
	{"sorting", func(reg *prometheus.Registry) {
		sorted := prometheus.NewDesc("sorted", "Sorting of label values.", []string{"v"}, nil)
		two := prometheus.NewDesc("sorted_two", "Two labels.", []string{"x", "y"}, nil)
		mustRegister(reg, &testCollector{
			descs: []*prometheus.Desc{sorted, two},
			collect: func(ch chan<- prometheus.Metric) {
				for i, v := range []string{"a", "10", "B", "9", "10a", ""} {
					ch <- prometheus.MustNewConstMetric(sorted, prometheus.GaugeValue, float64(i+1), v)
				}
				for i, xy := range [][2]string{{"b", "1"}, {"a", "2"}, {"a", "10"}, {"A", "z"}} {
					ch <- prometheus.MustNewConstMetric(two, prometheus.GaugeValue, float64(i+1), xy[0], xy[1])
				}
			},
		})
	}},
	{"histogram_default", func(reg *prometheus.Registry) {
		h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "h_default_seconds", Help: "Default buckets."})
		for _, v := range []float64{0.001, 0.005, 0.0051, 0.01, 0.3, 1, 1, 2.5, 7, 10, 10.5, 100, -1, 0.25} {
			h.Observe(v)
		}
		mustRegister(reg, h)
	}},
	{"histogram_custom", func(reg *prometheus.Registry) {
		linear := prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace:   "pond",
			Name:        "linear",
			Help:        "Linear buckets.",
			ConstLabels: prometheus.Labels{"site": "a"},
			Buckets:     prometheus.LinearBuckets(20, 5, 5),
		})
		for _, v := range pondValues() {
			linear.Observe(v)
		}
		expo := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "expo",
			Help:    "Exponential buckets.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 6),
		})
		for _, v := range []float64{0.5, 1, 3, 3, 17, 31.9, 32, 33, 1e6} {
			expo.Observe(v)
		}
		// The trailing +Inf bucket is dropped by the Go client.
		empty := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "empty_hist",
			Help:    "No observations.",
			Buckets: []float64{1, 2, math.Inf(+1)},
		})
		nan := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "nan_hist",
			Help:    "NaN observed.",
			Buckets: []float64{1},
		})
		nan.Observe(0.5)
		nan.Observe(math.NaN())
		mustRegister(reg, linear, expo, empty, nan)
	}},
	{"histogram_const", func(reg *prometheus.Registry) {
		desc := prometheus.NewDesc("const_hist", "Const histogram.", []string{"code"}, prometheus.Labels{"env": "prod"})
		mustRegister(reg, &testCollector{
			descs: []*prometheus.Desc{desc},
			collect: func(ch chan<- prometheus.Metric) {
				ch <- prometheus.MustNewConstHistogram(desc, 4711, 403.34,
					map[float64]uint64{25: 121, 50: 2403, 100: 3221, 200: 4233}, "200")
			},
		})
	}},
	{"summary_pond", func(reg *prometheus.Registry) {
		s := prometheus.NewSummary(prometheus.SummaryOpts{
			Namespace:  "pond",
			Name:       "temperature_celsius",
			Help:       "The temperature of the frog pond.",
			Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01, 0.99: 0.001},
		})
		for _, v := range pondValues() {
			s.Observe(v)
		}
		mustRegister(reg, s)
	}},
	{"summary_ckms", func(reg *prometheus.Registry) {
		ckms := func(name string) prometheus.Summary {
			s := prometheus.NewSummary(prometheus.SummaryOpts{
				Name:       name,
				Help:       "CKMS.",
				Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01, 0.99: 0.001},
			})
			mustRegister(reg, s)
			return s
		}
		s := ckms("s_in_order_1000")
		for i := 1; i <= 1000; i++ {
			s.Observe(float64(i))
		}
		s = ckms("s_perm_10000")
		for i := 0; i < 10000; i++ {
			s.Observe(float64((i * 7919) % 10000))
		}
		s = ckms("s_499")
		for i := 1; i <= 499; i++ {
			s.Observe(float64(i))
		}
		s = ckms("s_500")
		for i := 1; i <= 500; i++ {
			s.Observe(float64(i))
		}
		ckms("s_one").Observe(42)
		ckms("s_empty")
		noObj := prometheus.NewSummary(prometheus.SummaryOpts{Name: "s_no_objectives", Help: "No objectives."})
		noObj.Observe(3)
		noObj.Observe(0.14)
		smallCap := prometheus.NewSummary(prometheus.SummaryOpts{
			Name:       "s_small_cap",
			Help:       "Buffer cap 7.",
			Objectives: map[float64]float64{0.5: 0.05, 0.99: 0.001},
			BufCap:     7,
		})
		for i := 0; i < 100; i++ {
			smallCap.Observe(float64((i * 37) % 101))
		}
		mustRegister(reg, noObj, smallCap)
	}},
	{"summary_max_age", func(reg *prometheus.Registry) {
		aged := func(name, help string) prometheus.Summary {
			return prometheus.NewSummary(prometheus.SummaryOpts{
				Name:       name,
				Help:       help,
				Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01},
				MaxAge:     time.Second, // 2 periods of 500ms: wide enough not to flake on a busy machine
				AgeBuckets: 2,
			})
		}
		s := aged("s_aged", "Max age passed.")
		empty := aged("s_aged_empty", "Max age passed, nothing since.")
		for i := 1; i <= 100; i++ {
			s.Observe(float64(i))
		}
		for i := 1; i <= 10; i++ {
			empty.Observe(float64(i))
		}
		time.Sleep(2200 * time.Millisecond)
		for _, v := range []float64{1000, 2000, 3000} {
			s.Observe(v)
		}
		mustRegister(reg, s, empty)
	}},
	{"vecs", func(reg *prometheus.Registry) {
		requests := prometheus.NewCounterVec(prometheus.CounterOpts{
			Name:        "requests_total",
			Help:        "Requests.",
			ConstLabels: prometheus.Labels{"app": "demo"},
		}, []string{"code", "method"})
		requests.WithLabelValues("200", "get").Add(3)
		requests.WithLabelValues("404", "get").Inc()
		requests.WithLabelValues("200", "post").Add(2.5)
		requests.With(prometheus.Labels{"code": "500", "method": "put"}).Inc()
		if !requests.DeleteLabelValues("404", "get") {
			fail("vecs: DeleteLabelValues(404, get) returned false")
		}
		if !requests.Delete(prometheus.Labels{"method": "put", "code": "500"}) {
			fail("vecs: Delete(method=put, code=500) returned false")
		}
		curried := requests.MustCurryWith(prometheus.Labels{"method": "delete"})
		curried.WithLabelValues("204").Add(7)
		curried.With(prometheus.Labels{"code": "410"}).Inc()

		temps := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "temperature", Help: "Temps."},
			[]string{"room", "sensor"})
		temps.WithLabelValues("kitchen", "a").Set(21.5)
		temps.WithLabelValues("kitchen", "b").Set(22)
		temps.WithLabelValues("hall", "a").Set(18)
		temps.WithLabelValues("cellar", "z").Set(-3)
		if n := temps.DeletePartialMatch(prometheus.Labels{"room": "kitchen"}); n != 2 {
			fail("vecs: DeletePartialMatch(room=kitchen) returned %d, want 2", n)
		}
		temps.WithLabelValues("attic", "c").Set(30)

		latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "latency_seconds",
			Help:    "Latency.",
			Buckets: []float64{0.1, 0.5, 1},
		}, []string{"handler"})
		for _, v := range []float64{0.05, 0.2, 0.7, 3} {
			latency.WithLabelValues("/a").Observe(v)
		}
		latency.WithLabelValues("/b").Observe(0.5)
		latency.WithLabelValues("/c").Observe(1)
		latency.DeleteLabelValues("/c")

		sizes := prometheus.NewSummaryVec(prometheus.SummaryOpts{
			Name:       "size_bytes",
			Help:       "Sizes.",
			Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01},
		}, []string{"kind"})
		for i := 1; i <= 20; i++ {
			sizes.WithLabelValues("x").Observe(float64(i))
		}
		sizes.WithLabelValues("y").Observe(100)
		sizes.WithLabelValues("y").Observe(200)
		sizesZ := sizes.MustCurryWith(prometheus.Labels{"kind": "z"})
		sizesZ.WithLabelValues().Observe(5)

		resets := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "resets_total", Help: "Reset."}, []string{"a"})
		resets.WithLabelValues("1").Inc()
		resets.WithLabelValues("2").Inc()
		resets.Reset()
		resets.WithLabelValues("3").Add(4)

		mustRegister(reg, requests, temps, latency, sizes, resets)
	}},
	{"sorting_timestamps", func(reg *prometheus.Registry) {
		// Same name, one label each, mostly the same value "1" under
		// different label names: distinct series (the series hash covers
		// label names) that MetricSorter finds equal by value, so the
		// timestamps decide, a missing one last. Exactly one "1" has no
		// timestamp, so the order is total (sort.Sort is not stable).
		mk := func(label, value string, v float64) prometheus.Metric {
			d := prometheus.NewDesc("stamped", "Equal label values, ordered by timestamp.", []string{label}, nil)
			return prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, value)
		}
		at := func(ms int64, m prometheus.Metric) prometheus.Metric {
			return prometheus.NewMetricWithTimestamp(time.UnixMilli(ms), m)
		}
		mustRegister(reg, unchecked(
			mk("a", "1", 1),
			at(2000, mk("b", "1", 2)),
			at(1000, mk("c", "1", 3)),
			at(-500, mk("d", "1", 4)),
			at(9999, mk("e", "0", 5)),
			mk("f", "2", 6),
			at(1500, mk("g", "1", 7)),
		))
	}},
	{"vec_edits", func(reg *prometheus.Registry) {
		queues := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "queue_length", Help: "Queue lengths."},
			[]string{"queue", "shard"})
		mail := queues.MustCurryWith(prometheus.Labels{"queue": "mail"})
		mail.WithLabelValues("1").Set(3)
		mail.With(prometheus.Labels{"shard": "2"}).Set(5)
		queues.WithLabelValues("sms", "1").Set(7)
		shard9 := queues.MustCurryWith(prometheus.Labels{"shard": "9"})
		shard9.WithLabelValues("push").Add(1.5)
		shard9.WithLabelValues("push").Inc()
		queues.MustCurryWith(prometheus.Labels{"queue": "x"}).MustCurryWith(prometheus.Labels{"shard": "y"}).
			WithLabelValues().Set(-4)
		if !mail.DeleteLabelValues("1") {
			fail("vec_edits: mail.DeleteLabelValues(1) returned false")
		}
		if mail.DeleteLabelValues("sms", "1") {
			fail("vec_edits: mail.DeleteLabelValues(sms, 1) returned true")
		}

		rpc := prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:        "rpc_seconds",
			Help:        "RPC latency.",
			ConstLabels: prometheus.Labels{"env": "prod"},
			Buckets:     []float64{0.1, 1},
		}, []string{"service", "method", "code"})
		auth := rpc.MustCurryWith(prometheus.Labels{"service": "auth"}).(*prometheus.HistogramVec)
		auth.WithLabelValues("login", "200").Observe(0.05)
		auth.WithLabelValues("login", "500").Observe(2)
		auth.WithLabelValues("logout", "200").Observe(0.5)
		auth.With(prometheus.Labels{"method": "login", "code": "200"}).Observe(0.7)
		rpc.WithLabelValues("billing", "charge", "200").Observe(0.3)
		rpc.WithLabelValues("billing", "refund", "500").Observe(0.7)
		rpc.WithLabelValues("billing", "logout", "200").Observe(0.01)
		if n := rpc.DeletePartialMatch(prometheus.Labels{"code": "500"}); n != 2 {
			fail("vec_edits: DeletePartialMatch(code=500) returned %d, want 2", n)
		}
		// Curried labels never match; the others match across all views.
		if n := auth.DeletePartialMatch(prometheus.Labels{"service": "auth"}); n != 0 {
			fail("vec_edits: auth.DeletePartialMatch(service=auth) returned %d, want 0", n)
		}
		if n := auth.DeletePartialMatch(prometheus.Labels{"method": "logout"}); n != 2 {
			fail("vec_edits: auth.DeletePartialMatch(method=logout) returned %d, want 2", n)
		}
		signup := auth.MustCurryWith(prometheus.Labels{"code": "201"})
		signup.WithLabelValues("signup").Observe(0.2)
		signup.WithLabelValues("signup").Observe(0.1)

		payloads := prometheus.NewSummaryVec(prometheus.SummaryOpts{
			Name:       "payload_bytes",
			Help:       "Payload sizes.",
			Objectives: map[float64]float64{0.5: 0.05, 0.99: 0.001},
		}, []string{"dir", "kind"})
		for i := 1; i <= 10; i++ {
			payloads.WithLabelValues("in", "a").Observe(float64(i))
		}
		payloads.WithLabelValues("in", "b").Observe(5)
		payloads.WithLabelValues("out", "a").Observe(100)
		payloads.WithLabelValues("out", "a").Observe(200)
		payloads.With(prometheus.Labels{"dir": "out", "kind": "b"}).Observe(42)
		if !payloads.DeleteLabelValues("in", "b") {
			fail("vec_edits: DeleteLabelValues(in, b) returned false")
		}
		if payloads.DeleteLabelValues("in", "b") {
			fail("vec_edits: second DeleteLabelValues(in, b) returned true")
		}
		if !payloads.Delete(prometheus.Labels{"kind": "a", "dir": "out"}) {
			fail("vec_edits: Delete(kind=a, dir=out) returned false")
		}
		if payloads.Delete(prometheus.Labels{"dir": "out"}) {
			fail("vec_edits: Delete(dir=out) returned true")
		}
		// Recreated after the delete: a fresh child.
		payloads.WithLabelValues("out", "a").Observe(7)

		mustRegister(reg, queues, rpc, payloads)
	}},
	{"openmetrics_extra", func(reg *prometheus.Registry) {
		plain := prometheus.NewDesc("plain_counter", "Counter without the total suffix.", nil, nil)
		events := prometheus.NewDesc("events_total", "Help with \\ backslash, \"quotes\" and\nnewline.",
			[]string{"kind"}, nil)
		untyped := prometheus.NewDesc("untyped_thing", "Untyped.", nil, nil)
		stamped := prometheus.NewDesc("stamped_gauge", "Timestamped.", nil, nil)
		old := prometheus.NewDesc("old_gauge", "Before 1970.", nil, nil)
		bigHist := prometheus.NewDesc("big_hist", "Large count.", nil, nil)
		qOne := prometheus.NewDesc("q_one", "Quantile one.", nil, nil)
		zero := prometheus.NewDesc("zero_gauge", "Zeros.", []string{"sign"}, nil)
		ints := prometheus.NewDesc("int_gauge", "Integers.", []string{"v"}, nil)
		mustRegister(reg, &testCollector{
			descs: []*prometheus.Desc{plain, events, untyped, stamped, old, bigHist, qOne, zero, ints},
			collect: func(ch chan<- prometheus.Metric) {
				ch <- prometheus.MustNewConstMetric(plain, prometheus.CounterValue, 5)
				ch <- prometheus.MustNewConstMetric(events, prometheus.CounterValue, 1.5, "a\"b")
				ch <- prometheus.MustNewConstMetric(untyped, prometheus.UntypedValue, -2)
				ch <- prometheus.NewMetricWithTimestamp(time.UnixMilli(1234567890),
					prometheus.MustNewConstMetric(stamped, prometheus.GaugeValue, 0.25))
				ch <- prometheus.NewMetricWithTimestamp(time.UnixMilli(-1500),
					prometheus.MustNewConstMetric(old, prometheus.GaugeValue, 100))
				ch <- prometheus.MustNewConstHistogram(bigHist, 1000000, 0.001,
					map[float64]uint64{1e-9: 2, 1: 999999})
				ch <- prometheus.MustNewConstSummary(qOne, 3, 6, map[float64]float64{0: 1, 1: 3})
				ch <- prometheus.MustNewConstMetric(zero, prometheus.GaugeValue, 0, "pos")
				ch <- prometheus.MustNewConstMetric(zero, prometheus.GaugeValue, math.Copysign(0, -1), "neg")
				ch <- prometheus.MustNewConstMetric(ints, prometheus.GaugeValue, 100, "hundred")
				ch <- prometheus.MustNewConstMetric(ints, prometheus.GaugeValue, 1e6, "million")
				ch <- prometheus.MustNewConstMetric(ints, prometheus.GaugeValue, 1, "one")
				ch <- prometheus.MustNewConstMetric(ints, prometheus.GaugeValue, -1, "minus_one")
			},
		})
	}},
	// Instrumented exemplars: stamped with time.Now(), so their timestamps
	// are normalized after Gather (see postGather).
	{"exemplars", func(reg *prometheus.Registry) {
		requests := prometheus.NewCounter(prometheus.CounterOpts{Name: "ex_requests_total", Help: "Requests."})
		requests.Inc()
		exemplarAdder(requests).AddWithExemplar(2, prometheus.Labels{"trace_id": "abc123"})

		// nil labels add the value but keep the exemplar.
		kept := prometheus.NewCounter(prometheus.CounterOpts{Name: "ex_kept_total", Help: "Kept."})
		exemplarAdder(kept).AddWithExemplar(1, prometheus.Labels{"trace_id": "first"})
		exemplarAdder(kept).AddWithExemplar(5, nil)

		two := prometheus.NewCounter(prometheus.CounterOpts{Name: "ex_two_labels_total", Help: "Two labels."})
		exemplarAdder(two).AddWithExemplar(1, prometheus.Labels{"trace_id": "t1", "span_id": "s1"})

		vec := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ex_vec_total", Help: "By code."}, []string{"code"})
		exemplarAdder(vec.WithLabelValues("200")).AddWithExemplar(1, prometheus.Labels{"trace_id": "t200"})
		vec.WithLabelValues("500").Inc()

		latency := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ex_latency_seconds",
			Help:    "Latency.",
			Buckets: []float64{0.1, 0.5, 1},
		})
		exemplarObserver(latency).ObserveWithExemplar(0.05, prometheus.Labels{"trace_id": "a"})
		exemplarObserver(latency).ObserveWithExemplar(0.07, prometheus.Labels{"trace_id": "b"}) // replaces "a"
		latency.Observe(0.3)
		exemplarObserver(latency).ObserveWithExemplar(0.5, prometheus.Labels{"trace_id": "edge"}) // on a bound
		// Above every bound: Go adds an explicit +Inf bucket for it.
		exemplarObserver(latency).ObserveWithExemplar(2, prometheus.Labels{"trace_id": "inf"})

		sizes := prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ex_sizes_bytes",
			Help:    "Sizes.",
			Buckets: []float64{100, 1000},
		}, []string{"route"})
		exemplarObserver(sizes.WithLabelValues("/a")).ObserveWithExemplar(50, prometheus.Labels{"trace_id": "s50"})
		sizes.WithLabelValues("/a").Observe(500)
		sizes.WithLabelValues("/b").Observe(5000) // no exemplar: no explicit +Inf bucket

		gauge := prometheus.NewGauge(prometheus.GaugeOpts{Name: "ex_gauge", Help: "Gauge."})
		gauge.Set(1)

		mustRegister(reg, requests, kept, two, vec, latency, sizes, gauge)
	}},
	// Const metrics with explicit exemplar timestamps: nothing normalized
	// but the order of the exemplar labels.
	{"exemplars_const", func(reg *prometheus.Registry) {
		counter := prometheus.MustNewMetricWithExemplars(
			prometheus.MustNewConstMetric(prometheus.NewDesc("exc_total", "Const counter.", nil, nil),
				prometheus.CounterValue, 10),
			prometheus.Exemplar{Value: 3, Labels: prometheus.Labels{"trace_id": "c1"}, Timestamp: time.Unix(1700000001, 0)},
			// The last exemplar is the one used.
			prometheus.Exemplar{Value: 4, Labels: prometheus.Labels{"trace_id": "c2"}, Timestamp: time.Unix(1700000002, 500000000)},
		)
		hist := prometheus.MustNewMetricWithExemplars(
			prometheus.MustNewConstHistogram(prometheus.NewDesc("exc_hist", "Const histogram.", []string{"l"}, nil),
				5, 9, map[float64]uint64{1: 2, 5: 4}, "x"),
			prometheus.Exemplar{Value: 0.5, Labels: prometheus.Labels{"trace_id": "h1"}, Timestamp: time.Unix(1700000003, 0)},
			prometheus.Exemplar{Value: 3, Labels: prometheus.Labels{"trace_id": "h3"}, Timestamp: time.Unix(1700000004, 0)},
			// Same bucket (5) as h3: the later one wins.
			prometheus.Exemplar{Value: 4, Labels: prometheus.Labels{"trace_id": "h4"}, Timestamp: time.Unix(1700000005, 0)},
			// Above every bound: an explicit +Inf bucket (cumulative count 5).
			prometheus.Exemplar{Value: 10, Labels: prometheus.Labels{"trace_id": "h10"}, Timestamp: time.Unix(1700000006, 0)},
		)
		noLabels := prometheus.MustNewMetricWithExemplars(
			prometheus.MustNewConstMetric(prometheus.NewDesc("exc_nolabels_total", "No labels.", nil, nil),
				prometheus.CounterValue, 1),
			prometheus.Exemplar{Value: 1, Labels: prometheus.Labels{}, Timestamp: time.Unix(1700000007, 0)},
		)
		mustRegister(reg, unchecked(counter, hist, noLabels))
	}},
	// Func metrics: valueFunc calls its function in Write, i.e. when
	// Gather processes the metric.
	{"func_metrics", func(reg *prometheus.Registry) {
		calls := prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "fn_calls_total",
			Help:        "Calls.",
			ConstLabels: prometheus.Labels{"src": "fn"},
		}, func() float64 { return 42 })
		temp := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "fn_temperature_celsius",
			Help: "Temperature.",
		}, func() float64 { return -3.5 })
		untyped := prometheus.NewUntypedFunc(prometheus.UntypedOpts{
			Name: "fn_untyped",
			Help: "Untyped.",
		}, func() float64 { return 7 })
		mustRegister(reg, calls, temp, untyped)
	}},
	// A Registry registered with another one as a Collector; reg is the
	// outer registry.
	{"registry_as_collector", func(outer *prometheus.Registry) {
		inner := prometheus.NewRegistry()
		innerTotal := counter("inner_total", "Inner.", nil)
		innerTotal.Inc()
		innerTotal.Inc()
		innerG := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "inner_g", Help: "Inner gauge."}, []string{"l"})
		innerG.WithLabelValues("a").Set(1)
		mustRegister(inner, innerTotal, innerG)
		outerG := prometheus.NewGauge(prometheus.GaugeOpts{Name: "outer_g", Help: "Outer."})
		outerG.Set(5)
		mustRegister(outer, inner, outerG)
	}},
	// Registerers wrapping reg (WrapRegistererWith, WrapRegistererWithPrefix,
	// one nested in the other) next to a direct registration.
	{"wrapped", func(r *prometheus.Registry) {
		c := counter("c_total", "C.", prometheus.Labels{"a": "1"})
		c.Inc()
		if err := prometheus.WrapRegistererWith(prometheus.Labels{"env": "prod"}, r).Register(c); err != nil {
			fail("wrapped: registering c_total: %v", err)
		}
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "g", Help: "G."}, []string{"l"})
		g.WithLabelValues("x").Set(2)
		g.WithLabelValues("y").Set(3)
		nested := prometheus.WrapRegistererWithPrefix("pre_",
			prometheus.WrapRegistererWith(prometheus.Labels{"zone": "z1", "dc": "d1"}, r))
		if err := nested.Register(g); err != nil {
			fail("wrapped: registering g: %v", err)
		}
		u := unchecked(prometheus.MustNewConstMetric(
			prometheus.NewDesc("u", "U.", nil, prometheus.Labels{"k": "v"}), prometheus.GaugeValue, 4))
		if err := prometheus.WrapRegistererWithPrefix("outer_", r).Register(u); err != nil {
			fail("wrapped: registering the unchecked collector: %v", err)
		}
		plain := prometheus.NewGauge(prometheus.GaugeOpts{Name: "plain", Help: "P."})
		plain.Set(5)
		mustRegister(r, plain)
	}},
	// Native histograms (HistogramOpts.NativeHistogram*): the text and
	// OpenMetrics formats of prometheus/common 0.39 write only the classic
	// buckets, sum and count; the .pb files hold the native buckets too.
	{"native", func(reg *prometheus.Registry) {
		nh := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:                        "nh_seconds",
			Help:                        "Native only.",
			NativeHistogramBucketFactor: 1.1,
		})
		for _, v := range []float64{0, 1e-40, 0.5, 1, 1.5, 3, 3, -2, -0.001, 1e-5, 1e6,
			math.NaN(), math.Inf(+1), math.Inf(-1)} {
			nh.Observe(v)
		}
		both := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:                         "both_seconds",
			Help:                         "Both.",
			Buckets:                      []float64{0.1, 1},
			NativeHistogramBucketFactor:  2,
			NativeHistogramZeroThreshold: 0.001,
		})
		for _, v := range []float64{0.0005, 0.05, 0.5, 5, -0.5} {
			both.Observe(v)
		}
		nzero := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:                         "nzero_seconds",
			Help:                         "Zero threshold zero.",
			NativeHistogramBucketFactor:  1.5,
			NativeHistogramZeroThreshold: prometheus.NativeHistogramZeroThresholdZero,
		})
		for _, v := range []float64{0, 1e-300, -1e-300, 2} {
			nzero.Observe(v)
		}
		nvec := prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:                        "nvec_seconds",
			Help:                        "Vec.",
			NativeHistogramBucketFactor: 1.2,
		}, []string{"route", "code"})
		nvec.WithLabelValues("/a", "200").Observe(0.1)
		nvec.WithLabelValues("/a", "200").Observe(0.2)
		nvec.WithLabelValues("/b", "500").Observe(5)
		nvec.MustCurryWith(prometheus.Labels{"code": "200"}).WithLabelValues("/c").Observe(1)
		nvec.WithLabelValues("/a", "200").Observe(0.3)
		if !nvec.DeleteLabelValues("/b", "500") {
			fail("native: DeleteLabelValues(/b, 500) returned false")
		}
		nempty := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:                        "nempty_seconds",
			Help:                        "Nothing observed.",
			NativeHistogramBucketFactor: 1.1,
		})
		mustRegister(reg, nh, both, nzero, nvec, nempty)
	}},
	// A negative schema (-4) with keys up to the ±Inf bucket. Only values
	// >= 1: client_golang 1.14 keys values below 1 at negative schemas
	// differently from later releases (see native_small_values.tsv).
	{"native_large_keys", func(reg *prometheus.Registry) {
		h := prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:                        "nlarge_seconds",
			Help:                        "Large schema keys.",
			NativeHistogramBucketFactor: 65536,
		})
		for _, v := range []float64{1, 2, 3, 100, 1e10, 1e300, math.Inf(+1)} {
			h.Observe(v)
		}
		mustRegister(reg, h)
	}},
}

// gathererScenarios are exposition scenarios whose families come from a
// Gatherer other than a single fresh Registry (written like scenarios).
var gathererScenarios = []struct {
	name     string
	gatherer func() prometheus.Gatherer
}{
	{"gatherers", func() prometheus.Gatherer {
		r1 := prometheus.NewRegistry()
		sharedA := counter("shared_total", "Shared.", prometheus.Labels{"src": "a"})
		sharedA.Inc()
		onlyA := prometheus.NewGauge(prometheus.GaugeOpts{Name: "only_a", Help: "A."})
		onlyA.Set(1)
		mustRegister(r1, sharedA, onlyA)
		r2 := prometheus.NewRegistry()
		sharedB := counter("shared_total", "Shared.", prometheus.Labels{"src": "b"})
		sharedB.Add(2)
		onlyB := prometheus.NewGauge(prometheus.GaugeOpts{Name: "only_b", Help: "B."})
		onlyB.Set(2)
		mustRegister(r2, sharedB, onlyB)
		return prometheus.Gatherers{r1, r2}
	}},
}

// exemplarAdder returns c as an ExemplarAdder (what the Go client's
// counters implement).
func exemplarAdder(c prometheus.Counter) prometheus.ExemplarAdder {
	a, ok := c.(prometheus.ExemplarAdder)
	if !ok {
		fail("%T does not implement prometheus.ExemplarAdder", c)
	}
	return a
}

// exemplarObserver returns o as an ExemplarObserver (what the Go client's
// histograms implement).
func exemplarObserver(o prometheus.Observer) prometheus.ExemplarObserver {
	e, ok := o.(prometheus.ExemplarObserver)
	if !ok {
		fail("%T does not implement prometheus.ExemplarObserver", o)
	}
	return e
}

// exemplarTimestamp is what every exemplar timestamp of the scenario
// exemplars is set to after Gather: 1700000000.123 seconds.
var exemplarTimestamp = timestamp.Timestamp{Seconds: 1700000000, Nanos: 123000000}

// forEachExemplar calls f for every exemplar in mfs (counters and
// histogram buckets are the only places the Go client puts one).
func forEachExemplar(mfs []*dto.MetricFamily, f func(e *dto.Exemplar)) {
	for _, mf := range mfs {
		for _, m := range mf.Metric {
			if e := m.GetCounter().GetExemplar(); e != nil {
				f(e)
			}
			for _, b := range m.GetHistogram().GetBucket() {
				if e := b.GetExemplar(); e != nil {
					f(e)
				}
			}
		}
	}
}

// sortExemplarLabels sorts the label pairs of every exemplar in mfs by name:
// the Go client builds them in map iteration order, which is random.
func sortExemplarLabels(mfs []*dto.MetricFamily) {
	forEachExemplar(mfs, func(e *dto.Exemplar) {
		sort.Slice(e.Label, func(i, j int) bool { return e.Label[i].GetName() < e.Label[j].GetName() })
	})
}

// postGather, keyed by scenario name, modifies the gathered families before
// they are encoded; start is the time just before the scenario's build ran,
// end the time just after its Gather.
var postGather = map[string]func(mfs []*dto.MetricFamily, start, end time.Time){
	"exemplars": func(mfs []*dto.MetricFamily, start, end time.Time) {
		n := 0
		forEachExemplar(mfs, func(e *dto.Exemplar) {
			// Check that the timestamp really is the time.Now() of the
			// instrumented call before replacing it.
			ts := e.GetTimestamp()
			if ts == nil {
				fail("exemplars: an exemplar without a timestamp: %v", e)
			}
			t := time.Unix(ts.GetSeconds(), int64(ts.GetNanos()))
			if t.Before(start.Add(-time.Second)) || t.After(end.Add(time.Second)) {
				fail("exemplars: exemplar timestamp %v is not between %v and %v", t, start, end)
			}
			e.Timestamp = &timestamp.Timestamp{Seconds: exemplarTimestamp.Seconds, Nanos: exemplarTimestamp.Nanos}
			n++
		})
		if n != 8 {
			fail("exemplars: found %d exemplars, want 8", n)
		}
	},
}

// pondValues returns the 1000 "frog pond" observations
// 30 + floor(120*sin(i*0.1))/10 for i = 0..999.
func pondValues() []float64 {
	vs := make([]float64, 1000)
	for i := range vs {
		vs[i] = 30 + math.Floor(120*math.Sin(float64(i)*0.1))/10
	}
	return vs
}

func encodeAll(mfs []*dto.MetricFamily, format expfmt.Format) []byte {
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, format)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			fail("encoding %s as %s: %v", mf.GetName(), format, err)
		}
	}
	return buf.Bytes()
}

// encodeOpenMetrics encodes mfs with expfmt.FmtOpenMetrics and then calls the
// encoder's Close method, which appends the final "# EOF" line.
func encodeOpenMetrics(mfs []*dto.MetricFamily) []byte {
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.FmtOpenMetrics)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			fail("encoding %s as %s: %v", mf.GetName(), expfmt.FmtOpenMetrics, err)
		}
	}
	closer, ok := enc.(expfmt.Closer)
	if !ok {
		fail("the %s encoder does not implement expfmt.Closer", expfmt.FmtOpenMetrics)
	}
	if err := closer.Close(); err != nil {
		fail("closing the %s encoder: %v", expfmt.FmtOpenMetrics, err)
	}
	return buf.Bytes()
}

func writeFile(dir, name string, data []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		fail("%v", err)
	}
}

func writeScenarios(dir string) {
	for _, s := range scenarios {
		reg := prometheus.NewRegistry()
		start := time.Now()
		s.build(reg)
		mfs, err := reg.Gather()
		if err != nil {
			fail("scenario %s: Gather: %v", s.name, err)
		}
		end := time.Now()
		// A no-op for the scenarios without exemplars.
		sortExemplarLabels(mfs)
		if f := postGather[s.name]; f != nil {
			f(mfs, start, end)
		}
		writeScenarioFiles(dir, s.name, mfs)
	}
	for _, s := range gathererScenarios {
		mfs, err := s.gatherer().Gather()
		if err != nil {
			fail("scenario %s: Gather: %v", s.name, err)
		}
		sortExemplarLabels(mfs)
		writeScenarioFiles(dir, s.name, mfs)
	}
}

// writeScenarioFiles writes NAME.txt, NAME.pb and NAME.om for mfs.
func writeScenarioFiles(dir, name string, mfs []*dto.MetricFamily) {
	writeFile(dir, name+".txt", encodeAll(mfs, expfmt.FmtText))
	writeFile(dir, name+".pb", encodeAll(mfs, expfmt.FmtProtoDelim))
	writeFile(dir, name+".om", encodeOpenMetrics(mfs))
}

// ---------------------------------------------------------------------------
// Content negotiation.

// negotiateHeaders are the Accept header values of negotiate.tsv, written
// after the record for a request without an Accept header (header field "-").
// The empty string is a present but empty Accept header.
var negotiateHeaders = []string{
	"",
	"*/*",
	"text/plain",
	"text/plain;version=0.0.4",
	"text/plain;version=0.0.2",
	"text/*",
	"application/json",
	"application/openmetrics-text",
	"application/openmetrics-text;version=0.0.1",
	"application/openmetrics-text;version=1.0.0",
	"application/openmetrics-text; version=0.0.1; charset=utf-8",
	"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.3,text/plain;version=0.0.4;q=0.7",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily",
	"application/vnd.google.protobuf;encoding=delimited",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=compact-text",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=bla;q=0.2, text/plain;q=0.5",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.2, text/plain;q=0.5;version=0.0.2",
	"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text;q=0.5, application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.4",
	"text/plain;q=0.2,application/openmetrics-text;q=0.1",
	"foo/bar;q=0.2, dings/bums;q=0.8",
	"foo/bar;q=0.2, application/quark;q=0.8",
	"text/plain;q=abc, application/openmetrics-text;q=0.5",
	"application/openmetrics-text;q=2, text/plain",
	"garbage",
	";;;,,,",
	"text/plain;version=0.0.4;q=0.5, application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5",
	"*/*;q=0.9, text/plain;q=0.1",
	"TEXT/PLAIN",
	"application/openmetrics-text;version=0.0.1;q=0.5,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5",
	"text/plain ; version=0.0.4",
	"application/openmetrics-text;version=2.0.0",
	// Bytes beyond ASCII are parsed as bytes: the clause that has them
	// matches nothing, and the others still count.
	"x/\u00fc;q=0.9, application/openmetrics-text;version=0.0.1;q=0.8, text/plain;q=0.5",
	"application/openmetrics-text;q=0.8;\u00fc=\u00fc, text/plain;q=0.5",
}

// negotiateRecord writes one negotiate.tsv record for header, using field as
// the first column.
func negotiateRecord(buf *bytes.Buffer, field string, header http.Header) {
	fmt.Fprintf(buf, "%s\t%s\t%s\n", field,
		expfmt.Negotiate(header), expfmt.NegotiateIncludingOpenMetrics(header))
}

func writeNegotiate(dir string) {
	var buf bytes.Buffer
	negotiateRecord(&buf, "-", http.Header{})
	for _, h := range negotiateHeaders {
		if strings.ContainsAny(h, "\t\n") {
			fail("Accept header %q contains a TAB or newline", h)
		}
		negotiateRecord(&buf, h, http.Header{"Accept": []string{h}})
	}
	writeFile(dir, "negotiate.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------
// Desc table.

type descCase struct {
	name      string
	fqName    string
	help      string
	varLabels []string
	constLbls prometheus.Labels
}

var descCases = []descCase{
	{"plain", "test", "help", nil, nil},
	{"var_a", "test", "help", []string{"a"}, nil},
	{"other_help", "test", "other help", []string{"a"}, nil},
	{"const_a1", "test", "help", nil, prometheus.Labels{"a": "1"}},
	{"const_b1", "test", "help", nil, prometheus.Labels{"b": "1"}},
	{"const_a1_b2", "test", "help", nil, prometheus.Labels{"a": "1", "b": "2"}},
	{"xy_a1", "test", "help", []string{"x", "y"}, prometheus.Labels{"a": "1"}},
	{"yx_a1", "test", "help", []string{"y", "x"}, prometheus.Labels{"a": "1"}},
	{"colon_name", "a:b", "h", nil, nil},
	{"namespaced", "bec_demo_requests_total", "A counter.", nil, prometheus.Labels{"env": "prod", "zone": "a"}},
	{"quoted", "q", "say \"hi\"\\ \n", []string{"v"}, prometheus.Labels{"c": "x\ny"}},
	{"utf8", "u", "Björn", nil, prometheus.Labels{"l": "佖佥"}},
	{"empty_help", "e", "", nil, nil},
	{"bad_empty", "", "h", nil, nil},
	{"bad_digit", "1abc", "h", nil, nil},
	{"bad_dash", "a-b", "h", nil, nil},
	{"bad_var", "ok", "h", []string{"__x"}, nil},
	{"bad_var_colon", "ok", "h", []string{"a:b"}, nil},
	{"bad_const", "ok", "h", nil, prometheus.Labels{"__x": "1"}},
	{"bad_const_digit", "ok", "h", nil, prometheus.Labels{"1a": "1"}},
	{"dup_var", "ok", "h", []string{"a", "a"}, nil},
	{"dup_const_var", "ok", "h", []string{"a"}, prometheus.Labels{"a": "1"}},
	{"many", "m", "h", []string{"c", "a", "b"}, prometheus.Labels{"z": "26", "y": "25"}},
}

// descErr returns the construction error recorded in d (the unexported err
// field), or nil. reflect cannot hand out an unexported interface value, so
// the error is obtained through the public API instead: registering a
// collector that describes only d with a fresh registry fails with
// fmt.Errorf("descriptor %s is invalid: %w", d, d.err) exactly when d.err is
// set, and errors.Unwrap yields d.err itself. The reflect view of the field is
// used to cross-check that this is really the case.
func descErr(d *prometheus.Desc) error {
	errField := reflect.ValueOf(d).Elem().FieldByName("err")
	if !errField.IsValid() {
		fail("prometheus.Desc has no field err")
	}
	regErr := prometheus.NewRegistry().Register(describing(d))
	if errField.IsNil() {
		if regErr != nil {
			fail("Desc %v has no error but registering it failed: %v", d, regErr)
		}
		return nil
	}
	if regErr == nil {
		fail("Desc %v has an error but registering it succeeded", d)
	}
	inner := errors.Unwrap(regErr)
	if inner == nil {
		fail("registration error %q does not wrap the Desc error", regErr)
	}
	return inner
}

func descUintField(d *prometheus.Desc, name string) uint64 {
	f := reflect.ValueOf(d).Elem().FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Uint64 {
		fail("prometheus.Desc has no uint64 field %s", name)
	}
	return f.Uint()
}

func writeDescTable(dir string) {
	var buf bytes.Buffer
	for _, c := range descCases {
		d := prometheus.NewDesc(c.fqName, c.help, c.varLabels, c.constLbls)
		errText := "-"
		if err := descErr(d); err != nil {
			errText = tsvEscape(err.Error())
		}
		fmt.Fprintf(&buf, "%s\t0x%016x\t0x%016x\t%s\t%s\n",
			c.name, descUintField(d, "id"), descUintField(d, "dimHash"),
			tsvEscape(d.String()), errText)
	}
	writeFile(dir, "desc_ids.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------
// Error texts.

type errCase struct {
	name string
	// run returns the error under test. allowNil permits a nil error,
	// written as "-"; otherwise a nil error aborts the program.
	run      func() error
	allowNil bool
	// text, if set, is used instead of run: its result is the field
	// (used for results that are not errors, e.g. a bool).
	text func() string
	// extra, if set, is called after run/text and adds the record
	// "NAME.KEY<TAB>VALUE" right after the case's own record.
	extra func() (key, value string)
}

func counter(name, help string, constLabels prometheus.Labels) prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help, ConstLabels: constLabels})
}

// registerAll registers cs in order; all but the last must succeed, the
// error of the last registration is returned.
func registerAll(cs ...prometheus.Collector) error {
	reg := prometheus.NewRegistry()
	mustRegister(reg, cs[:len(cs)-1]...)
	return reg.Register(cs[len(cs)-1])
}

// gatherErr registers one unchecked collector sending ms and returns the
// error of Gather.
func gatherErr(ms ...prometheus.Metric) error {
	reg := prometheus.NewRegistry()
	mustRegister(reg, unchecked(ms...))
	_, err := reg.Gather()
	return err
}

func constErr(desc *prometheus.Desc, vt prometheus.ValueType, v float64, lvs ...string) error {
	m, err := prometheus.NewConstMetric(desc, vt, v, lvs...)
	if err == nil || m != nil {
		fail("NewConstMetric(%v) unexpectedly succeeded", desc)
	}
	return err
}

var unregisterResult bool

func complexHistogram() prometheus.Metric {
	return prometheus.MustNewConstHistogram(prometheus.NewDesc("complex", "h", nil, nil),
		1, 1, map[float64]uint64{1: 1})
}

func complexSummary() prometheus.Metric {
	return prometheus.MustNewConstSummary(prometheus.NewDesc("complex", "h", nil, nil),
		1, 1, map[float64]float64{0.5: 1})
}

func constCounter(name, help string) prometheus.Metric {
	return prometheus.MustNewConstMetric(prometheus.NewDesc(name, help, nil, nil), prometheus.CounterValue, 1)
}

// embeddedMetric is the protobuf text form (dto.Metric's String(), which
// Go's errors embed with %s) of the metric in the error of the case that ran
// last; metricExtra records it as "NAME.metric".
var embeddedMetric string

func metricExtra() (string, string) {
	return "metric", embeddedMetric
}

// dtoText returns the text form of what m writes.
func dtoText(m prometheus.Metric) string {
	var d dto.Metric
	if err := m.Write(&d); err != nil {
		fail("writing %v: %v", m.Desc(), err)
	}
	return d.String()
}

// typeMetric returns a metric "m" (help "h") of the given kind: a
// prometheus.ValueType, or "summary" / "histogram" for const ones.
func typeMetric(kind interface{}) prometheus.Metric {
	d := prometheus.NewDesc("m", "h", nil, nil)
	switch kind {
	case "summary":
		return prometheus.MustNewConstSummary(d, 1, 1, map[float64]float64{0.5: 1})
	case "histogram":
		return prometheus.MustNewConstHistogram(d, 1, 1, map[float64]uint64{1: 1})
	default:
		return prometheus.MustNewConstMetric(d, kind.(prometheus.ValueType), 1)
	}
}

// typeMismatch gathers a metric "m" of kind family, then one of kind other,
// and returns the error; the second metric is the one embedded in it.
func typeMismatch(family, other interface{}) error {
	second := typeMetric(other)
	embeddedMetric = dtoText(second)
	return gatherErr(typeMetric(family), second)
}

// rawGauge writes the given label pairs verbatim (already sorted) and a
// gauge value, whatever its desc says.
type rawGauge struct {
	desc   *prometheus.Desc
	labels [][2]string
	value  float64
}

func (g *rawGauge) Desc() *prometheus.Desc { return g.desc }

func (g *rawGauge) Write(out *dto.Metric) error {
	for _, l := range g.labels {
		out.Label = append(out.Label, &dto.LabelPair{Name: proto.String(l[0]), Value: proto.String(l[1])})
	}
	out.Gauge = &dto.Gauge{Value: proto.Float64(g.value)}
	return nil
}

// rawMetric lets write fill in the dto.Metric verbatim, whatever its desc
// says (labels in the order written, any value fields or none).
type rawMetric struct {
	desc  *prometheus.Desc
	write func(out *dto.Metric)
}

func (m *rawMetric) Desc() *prometheus.Desc { return m.desc }

func (m *rawMetric) Write(out *dto.Metric) error {
	m.write(out)
	return nil
}

// labelPair returns a LabelPair with both name and value set.
func labelPair(name, value string) *dto.LabelPair {
	return &dto.LabelPair{Name: proto.String(name), Value: proto.String(value)}
}

// pedanticGatherErr registers c with a fresh pedantic registry and returns
// the error of Gather.
func pedanticGatherErr(c prometheus.Collector) error {
	reg := prometheus.NewPedanticRegistry()
	mustRegister(reg, c)
	_, err := reg.Gather()
	return err
}

// gatherRawErr gathers one unchecked collector sending a rawMetric of desc
// (fqName, help "h", the given variable labels) written by write; the metric
// it writes is the one embedded in the error.
func gatherRawErr(fqName string, varLabels []string, write func(out *dto.Metric)) error {
	m := &rawMetric{desc: prometheus.NewDesc(fqName, "h", varLabels, nil), write: write}
	embeddedMetric = dtoText(m)
	return gatherErr(m)
}

// duplicateSeriesValue is the label value of both series in duplicate_series:
// a quote, a backslash, a newline, a TAB, é and the byte 0x01.
const duplicateSeriesValue = "x\"y\\z\nw\té\x01"

func descC() *prometheus.Desc {
	return prometheus.NewDesc("c", "h", nil, nil)
}

// invalidDesc has an invalid metric name.
func invalidDesc() *prometheus.Desc {
	return prometheus.NewDesc("1x", "h", nil, nil)
}

var errCases = []errCase{
	{name: "register_twice", run: func() error {
		c := counter("c", "h", nil)
		return registerAll(c, c)
	}},
	{name: "register_equal", run: func() error {
		return registerAll(counter("c", "h", nil), counter("c", "h", nil))
	}},
	{name: "different_help", run: func() error {
		return registerAll(counter("c", "h", nil), counter("c", "other", nil))
	}},
	{name: "extra_const_label", run: func() error {
		return registerAll(counter("c", "h", nil), counter("c", "h", prometheus.Labels{"a": "1"}))
	}},
	{name: "inconsistent_in_collector", run: func() error {
		return registerAll(describing(
			prometheus.NewDesc("x", "h", nil, prometheus.Labels{"a": "1"}),
			prometheus.NewDesc("x", "h2", nil, prometheus.Labels{"a": "3"}),
		))
	}},
	{name: "duplicate_desc_other_collector", run: func() error {
		d1 := prometheus.NewDesc("x", "h", nil, prometheus.Labels{"a": "1"})
		return registerAll(
			describing(d1),
			describing(d1, prometheus.NewDesc("x", "h", nil, prometheus.Labels{"a": "2"})),
		)
	}},
	{name: "invalid_name", run: func() error {
		return registerAll(counter("1x", "h", nil))
	}},
	{name: "invalid_label", run: func() error {
		return registerAll(counter("ok", "h", prometheus.Labels{"__x": "1"}))
	}},
	{name: "invalid_desc", run: func() error {
		return registerAll(describing(prometheus.NewInvalidDesc(errors.New("boom"))))
	}},
	{name: "collect_error", run: func() error {
		return gatherErr(prometheus.NewInvalidMetric(
			prometheus.NewDesc("invalid_metric", "not helpful", nil, nil),
			errors.New("collect error")))
	}},
	{name: "multi", run: func() error {
		return gatherErr(
			prometheus.NewInvalidMetric(prometheus.NewDesc("inv", "h", nil, nil), errors.New("bad")),
			prometheus.NewInvalidMetric(prometheus.NewInvalidDesc(errors.New("bad desc")), errors.New("bad2")),
		)
	}},
	{name: "suffix_histogram", run: func() error {
		return gatherErr(complexHistogram(), constCounter("complex_count", "c"))
	}},
	{name: "suffix_summary", run: func() error {
		return gatherErr(complexSummary(), constCounter("complex_count", "c"))
	}},
	{name: "suffix_summary_bucket", allowNil: true, run: func() error {
		return gatherErr(complexSummary(), constCounter("complex_bucket", "c"))
	}},
	{name: "suffix_reverse", run: func() error {
		return gatherErr(constCounter("complex_count", "c"), complexHistogram())
	}},
	{name: "suffix_sum_after_summary", run: func() error {
		return gatherErr(complexSummary(), constCounter("complex_sum", "c"))
	}},
	{name: "suffix_sum_after_histogram", run: func() error {
		return gatherErr(complexHistogram(), constCounter("complex_sum", "c"))
	}},
	{name: "suffix_bucket_after_histogram", run: func() error {
		return gatherErr(complexHistogram(), constCounter("complex_bucket", "c"))
	}},
	{name: "suffix_summary_after_count", run: func() error {
		return gatherErr(constCounter("complex_count", "c"), complexSummary())
	}},
	{name: "suffix_summary_after_sum", run: func() error {
		return gatherErr(constCounter("complex_sum", "c"), complexSummary())
	}},
	{name: "suffix_histogram_after_sum", run: func() error {
		return gatherErr(constCounter("complex_sum", "c"), complexHistogram())
	}},
	{name: "suffix_histogram_after_bucket", run: func() error {
		return gatherErr(constCounter("complex_bucket", "c"), complexHistogram())
	}},
	{name: "suffix_histogram_after_all", run: func() error {
		// _bucket, _sum and _count all exist: the _count check comes first.
		return gatherErr(constCounter("complex_bucket", "c"), constCounter("complex_sum", "c"),
			constCounter("complex_count", "c"), complexHistogram())
	}},
	{name: "suffix_summary_after_bucket", allowNil: true, run: func() error {
		return gatherErr(constCounter("complex_bucket", "c"), complexSummary())
	}},
	{name: "type_should_be_counter", run: func() error {
		return typeMismatch(prometheus.CounterValue, prometheus.GaugeValue)
	}, extra: metricExtra},
	{name: "type_should_be_gauge", run: func() error {
		return typeMismatch(prometheus.GaugeValue, "summary")
	}, extra: metricExtra},
	{name: "type_should_be_summary", run: func() error {
		return typeMismatch("summary", "histogram")
	}, extra: metricExtra},
	{name: "type_should_be_untyped", run: func() error {
		return typeMismatch(prometheus.UntypedValue, prometheus.CounterValue)
	}, extra: metricExtra},
	{name: "type_should_be_histogram", run: func() error {
		return typeMismatch("histogram", prometheus.UntypedValue)
	}, extra: metricExtra},
	{name: "pedantic_const_label_value", run: func() error {
		// The const label c is "1" in the desc but "2" in the metric.
		d := prometheus.NewDesc("l", "h", []string{"a"}, prometheus.Labels{"c": "1"})
		m := &rawGauge{desc: d, labels: [][2]string{{"a", "x"}, {"c", "2"}}, value: 1}
		reg := prometheus.NewPedanticRegistry()
		mustRegister(reg, &testCollector{
			descs:   []*prometheus.Desc{d},
			collect: func(ch chan<- prometheus.Metric) { ch <- m },
		})
		_, err := reg.Gather()
		embeddedMetric = dtoText(m)
		return err
	}, extra: metricExtra},
	{name: "register_dup_then_invalid", run: func() error {
		// A duplicate desc ID is only reported after the loop over all
		// descs; an invalid desc returns at once.
		return registerAll(describing(descC()), describing(descC(), invalidDesc()))
	}},
	{name: "register_invalid_then_dup", run: func() error {
		return registerAll(describing(descC()), describing(invalidDesc(), descC()))
	}},
	{name: "register_other_help_then_invalid", run: func() error {
		return registerAll(describing(descC()), describing(prometheus.NewDesc("c", "other", nil, nil), invalidDesc()))
	}},
	{name: "register_invalid_then_other_help", run: func() error {
		return registerAll(describing(descC()), describing(invalidDesc(), prometheus.NewDesc("c", "other", nil, nil)))
	}},
	{name: "register_dup_then_other_help", run: func() error {
		// d's ID is registered (a duplicate, reported only at the end);
		// c with a const label is a new ID but has other label names.
		d := prometheus.NewDesc("d", "h", nil, nil)
		return registerAll(describing(descC(), d),
			describing(d, prometheus.NewDesc("c", "h", nil, prometheus.Labels{"x": "1"})))
	}},
	{name: "register_inconsistent_then_invalid", run: func() error {
		return registerAll(describing(descC(), prometheus.NewDesc("c", "h2", nil, prometheus.Labels{"x": "1"}),
			invalidDesc()))
	}},
	{name: "const_cardinality", run: func() error {
		return constErr(prometheus.NewDesc("c", "h", []string{"a", "b"}, nil), prometheus.GaugeValue, 1, "v1")
	}},
	{name: "const_invalid_desc", run: func() error {
		return constErr(prometheus.NewDesc("1c", "h", nil, nil), prometheus.GaugeValue, 1)
	}},
	{name: "unregister_then_other_help", run: func() error {
		reg := prometheus.NewRegistry()
		c := counter("c", "h", nil)
		mustRegister(reg, c)
		unregisterResult = reg.Unregister(c)
		return reg.Register(counter("c", "other", nil))
	}, extra: func() (string, string) {
		// Result of the Unregister call made in that case.
		return "unregister_result", strconv.FormatBool(unregisterResult)
	}},
	{name: "vec_too_few_values", run: func() error {
		return metricErr(vecL12().GetMetricWithLabelValues("v1"))
	}},
	{name: "vec_too_many_values", run: func() error {
		return metricErr(vecL12().GetMetricWithLabelValues("a", "b", "c"))
	}},
	{name: "vec_map_too_few", run: func() error {
		return metricErr(vecL12().GetMetricWith(prometheus.Labels{"l1": "a"}))
	}},
	{name: "vec_map_wrong_name", run: func() error {
		return metricErr(vecL12().GetMetricWith(prometheus.Labels{"l1": "a", "l3": "b"}))
	}},
	{name: "vec_map_two_values", run: func() error {
		// Count mismatch with a multi-entry map: the text shows the map as %#v.
		return metricErr(vecL12().GetMetricWith(prometheus.Labels{"l1": "a", "l3": "b", "l4": "c"}))
	}},
	{name: "vec_curried_missing", run: func() error {
		return metricErr(curriedL2().GetMetricWith(prometheus.Labels{"l2": "a"}))
	}},
	{name: "vec_curry_already", run: func() error {
		return curryErr(curriedL2().CurryWith(prometheus.Labels{"l2": "r", "nope": "1"}))
	}},
	{name: "vec_curry_unknown", run: func() error {
		return curryErr(curriedL2().CurryWith(prometheus.Labels{"nope": "1", "nope2": "2"}))
	}},
	{name: "vec_curried_values_too_many", run: func() error {
		return metricErr(curriedL2().GetMetricWithLabelValues("a", "b"))
	}},
	{name: "vec_delete_wrong_count", text: func() string {
		return strconv.FormatBool(vecL12().DeleteLabelValues("a"))
	}},
	{name: "hist_not_increasing", run: func() error {
		return panicErr(func() { histogramWithBuckets(1, 2, 2, 3) })
	}},
	{name: "hist_not_increasing_inf", run: func() error {
		return panicErr(func() { histogramWithBuckets(1, 2, math.Inf(+1), 3) })
	}},
	{name: "hist_not_increasing_frac", run: func() error {
		return panicErr(func() { histogramWithBuckets(0.5, 0.25) })
	}},
	{name: "hist_le_const", run: func() error {
		return panicErr(func() {
			prometheus.NewHistogram(prometheus.HistogramOpts{Name: "h", Help: "h", ConstLabels: prometheus.Labels{"le": "1"}})
		})
	}},
	{name: "hist_le_variable", run: func() error {
		// Records in histLeWhen whether the constructor or the first
		// WithLabelValues call panics.
		var vec *prometheus.HistogramVec
		if err := recoverErr(func() {
			vec = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "h", Help: "h"}, []string{"le"})
		}); err != nil {
			histLeWhen = "construction"
			return err
		}
		histLeWhen = "with_label_values"
		return panicErr(func() { vec.WithLabelValues("1") })
	}, extra: func() (string, string) {
		return "when", histLeWhen
	}},
	{name: "linear_zero", run: func() error {
		return panicErr(func() { prometheus.LinearBuckets(1, 1, 0) })
	}},
	{name: "expo_zero_count", run: func() error {
		return panicErr(func() { prometheus.ExponentialBuckets(1, 2, 0) })
	}},
	{name: "expo_bad_start", run: func() error {
		return panicErr(func() { prometheus.ExponentialBuckets(0, 2, 3) })
	}},
	{name: "expo_bad_factor", run: func() error {
		return panicErr(func() { prometheus.ExponentialBuckets(1, 1, 3) })
	}},
	{name: "expo_range_count", run: func() error {
		return panicErr(func() { prometheus.ExponentialBucketsRange(1, 100, 0) })
	}},
	{name: "expo_range_min", run: func() error {
		return panicErr(func() { prometheus.ExponentialBucketsRange(0, 100, 3) })
	}},
	{name: "summary_quantile_const", run: func() error {
		return panicErr(func() {
			prometheus.NewSummary(prometheus.SummaryOpts{Name: "s", Help: "h", ConstLabels: prometheus.Labels{"quantile": "x"}})
		})
	}},
	{name: "summary_quantile_variable", run: func() error {
		return panicErr(func() {
			prometheus.NewSummaryVec(prometheus.SummaryOpts{Name: "s", Help: "h"}, []string{"quantile"})
		})
	}},
	{name: "summary_max_age", run: func() error {
		return panicErr(func() {
			prometheus.NewSummary(prometheus.SummaryOpts{Name: "s", Help: "h", MaxAge: -time.Second})
		})
	}},
	{name: "const_hist_cardinality", run: func() error {
		return metricErr(prometheus.NewConstHistogram(prometheus.NewDesc("ch", "h", []string{"a"}, nil), 1, 1, nil))
	}},
	{name: "const_summary_invalid", run: func() error {
		return metricErr(prometheus.NewConstSummary(prometheus.NewDesc("1cs", "h", nil, nil), 1, 1, nil))
	}},
	{name: "help_mismatch", run: func() error {
		// One unchecked collector sending both metrics in this order: with
		// two collectors, which metric reaches processMetric first depends
		// on goroutine scheduling (Gather collects them concurrently).
		first := prometheus.MustNewConstMetric(prometheus.NewDesc("h_total", "a", []string{"l"}, nil),
			prometheus.CounterValue, 1, "v")
		second := prometheus.MustNewConstMetric(prometheus.NewDesc("h_total", "b", []string{"l"}, nil),
			prometheus.CounterValue, 1, "w")
		embeddedMetric = dtoText(second)
		return gatherErr(first, second)
	}, extra: metricExtra},
	{name: "empty_metric", run: func() error {
		return gatherRawErr("e", []string{"l"}, func(out *dto.Metric) {
			out.Label = []*dto.LabelPair{labelPair("l", "v")}
		})
	}, extra: metricExtra},
	{name: "duplicate_label_name", run: func() error {
		return gatherRawErr("d", nil, func(out *dto.Metric) {
			out.Label = []*dto.LabelPair{labelPair("a", "1"), labelPair("a", "2")}
			out.Gauge = &dto.Gauge{Value: proto.Float64(1)}
		})
	}, extra: metricExtra},
	{name: "invalid_label_name", run: func() error {
		return gatherRawErr("d", nil, func(out *dto.Metric) {
			out.Label = []*dto.LabelPair{labelPair("1a", "x")}
			out.Gauge = &dto.Gauge{Value: proto.Float64(1)}
		})
	}, extra: metricExtra},
	{name: "reserved_label_name", run: func() error {
		return gatherRawErr("d", nil, func(out *dto.Metric) {
			out.Label = []*dto.LabelPair{labelPair("__x", "x")}
			out.Gauge = &dto.Gauge{Value: proto.Float64(1)}
		})
	}, extra: metricExtra},
	{name: "explicit_quantile_label", run: func() error {
		return gatherRawErr("s", nil, func(out *dto.Metric) {
			out.Label = []*dto.LabelPair{labelPair("quantile", "0.5")}
			out.Summary = &dto.Summary{
				SampleCount: proto.Uint64(1),
				SampleSum:   proto.Float64(2),
				Quantile:    []*dto.Quantile{{Quantile: proto.Float64(0.5), Value: proto.Float64(3)}},
			}
		})
	}, extra: metricExtra},
	{name: "duplicate_series", run: func() error {
		d := prometheus.NewDesc("dup", "h", []string{"a"}, nil)
		second := prometheus.MustNewConstMetric(d, prometheus.GaugeValue, 2, duplicateSeriesValue)
		embeddedMetric = dtoText(second)
		return gatherErr(prometheus.MustNewConstMetric(d, prometheus.GaugeValue, 1, duplicateSeriesValue), second)
	}, extra: metricExtra},
	{name: "unregistered_descriptor", run: func() error {
		a := prometheus.NewDesc("a", "h", nil, nil)
		b := prometheus.NewDesc("b", "h", nil, nil)
		second := prometheus.MustNewConstMetric(b, prometheus.GaugeValue, 2)
		embeddedMetric = dtoText(second)
		return pedanticGatherErr(&testCollector{
			descs: []*prometheus.Desc{a},
			collect: func(ch chan<- prometheus.Metric) {
				ch <- prometheus.MustNewConstMetric(a, prometheus.GaugeValue, 1)
				ch <- second
			},
		})
	}, extra: metricExtra},
	{name: "labels_missing_pedantic", run: func() error {
		d := prometheus.NewDesc("l", "h", []string{"a", "b"}, nil)
		m := &rawGauge{desc: d, labels: [][2]string{{"a", "x"}}, value: 1}
		embeddedMetric = dtoText(m)
		return pedanticGatherErr(&testCollector{
			descs:   []*prometheus.Desc{d},
			collect: func(ch chan<- prometheus.Metric) { ch <- m },
		})
	}, extra: metricExtra},
	{name: "not_of_type", run: func() error {
		// prometheus.Gatherers is the only public caller of
		// checkMetricConsistency that can hand it a family whose type does
		// not match the metric.
		m := &dto.Metric{
			Label: []*dto.LabelPair{labelPair("a", "1")},
			Gauge: &dto.Gauge{Value: proto.Float64(1)},
		}
		embeddedMetric = m.String()
		g := prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
			return []*dto.MetricFamily{{
				Name:   proto.String("x"),
				Help:   proto.String("h"),
				Type:   dto.MetricType_COUNTER.Enum(),
				Metric: []*dto.Metric{m},
			}}, nil
		})
		mfs, err := prometheus.Gatherers{g}.Gather()
		if len(mfs) != 0 {
			fail("not_of_type: Gatherers returned %d families, want 0", len(mfs))
		}
		return err
	}, extra: metricExtra},
}

func init() {
	errCases = append(errCases, encodeErrCases()...)
	errCases = append(errCases, exemplarErrCases...)
	errCases = append(errCases, gatherersErrCases...)
	errCases = append(errCases, wrapErrCases...)
}

// gaugeRegistry returns a fresh registry holding one gauge name (help help,
// the given const labels) set to v.
func gaugeRegistry(name, help string, constLabels prometheus.Labels, v float64) *prometheus.Registry {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help, ConstLabels: constLabels})
	g.Set(v)
	reg := prometheus.NewRegistry()
	mustRegister(reg, g)
	return reg
}

// failingGatherer returns a GathererFunc returning no families and err.
func failingGatherer(err error) prometheus.Gatherer {
	return prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) { return nil, err })
}

// gatherersErr returns the error of gs.Gather(); the number of families
// returned beside it is kept in gatheredFamilies.
func gatherersErr(gs ...prometheus.Gatherer) error {
	mfs, err := prometheus.Gatherers(gs).Gather()
	gatheredFamilies = len(mfs)
	return err
}

var gatheredFamilies int

// funcPanicOutcome says what Gather did in func_metric_panics: "panic" (it
// panicked in the calling goroutine), "error" or "ok".
var funcPanicOutcome string

// gatherersErrCases are the records after the exemplar_* ones: a Registry
// registered as a Collector, prometheus.Gatherers, and a panicking func
// metric.
var gatherersErrCases = []errCase{
	{name: "registry_collector_duplicate", run: func() error {
		inner := prometheus.NewRegistry()
		mustRegister(inner, counter("inner_total", "Inner.", nil))
		outer := prometheus.NewRegistry()
		mustRegister(outer, counter("inner_total", "Inner.", nil))
		return outer.Register(inner)
	}},
	{name: "gatherers_help_mismatch", run: func() error {
		return gatherersErr(gaugeRegistry("x", "a", nil, 1), gaugeRegistry("x", "b", prometheus.Labels{"r": "2"}, 2))
	}},
	{name: "gatherers_type_mismatch", run: func() error {
		r1 := prometheus.NewRegistry()
		c := counter("x", "h", nil)
		c.Inc()
		mustRegister(r1, c)
		return gatherersErr(r1, gaugeRegistry("x", "h", prometheus.Labels{"r": "2"}, 2))
	}},
	{name: "gatherers_duplicate", run: func() error {
		r2 := gaugeRegistry("x", "h", nil, 2)
		mfs, err := r2.Gather()
		if err != nil || len(mfs) != 1 || len(mfs[0].Metric) != 1 {
			fail("gatherers_duplicate: gathering r2 gave %v, %v", mfs, err)
		}
		embeddedMetric = mfs[0].Metric[0].String()
		return gatherersErr(gaugeRegistry("x", "h", nil, 1), r2)
	}, extra: metricExtra},
	{name: "gatherers_inner_error", run: func() error {
		return gatherersErr(failingGatherer(errors.New("boom")), gaugeRegistry("ok", "h", nil, 1))
	}, extra: func() (string, string) {
		return "families", strconv.Itoa(gatheredFamilies)
	}},
	{name: "gatherers_two_errors", run: func() error {
		return gatherersErr(failingGatherer(errors.New("boom1")), failingGatherer(errors.New("boom2")))
	}},
	{name: "gatherers_multierror_flattened", run: func() error {
		return gatherersErr(
			failingGatherer(prometheus.MultiError{errors.New("e1"), errors.New("e2")}),
			failingGatherer(errors.New("e3")))
	}},
	{name: "func_metric_panics", allowNil: true, run: func() error {
		// Write (hence the function) runs in processMetric, called by
		// Gather in the calling goroutine, so recover here catches it.
		reg := prometheus.NewRegistry()
		mustRegister(reg, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fp", Help: "h"},
			func() float64 { panic("func boom") }))
		var gErr error
		if p := recoverErr(func() { _, gErr = reg.Gather() }); p != nil {
			funcPanicOutcome = "panic"
			return p
		}
		if gErr != nil {
			funcPanicOutcome = "error"
			return gErr
		}
		funcPanicOutcome = "ok"
		return nil
	}, extra: func() (string, string) {
		return "outcome", funcPanicOutcome
	}},
}

// wrapDirectUnregister is the result of r2.Unregister(counter) without a
// wrapper in wrap_unregister.
var wrapDirectUnregister bool

// wrapExisting says what the ExistingCollector of the AlreadyRegisteredError
// in wrap_already_registered is: "same" (the counter first registered through
// the wrapper), "wrapper" (the registry's wrapping collector) or its %T.
var wrapExisting string

// wrapProd wraps reg with the label env="prod".
func wrapProd(reg prometheus.Registerer) prometheus.Registerer {
	return prometheus.WrapRegistererWith(prometheus.Labels{"env": "prod"}, reg)
}

// wrapErrCases are the wrap_* records after the gatherers ones: registration
// through WrapRegistererWith / WrapRegistererWithPrefix (r2 is a fresh
// registry in each).
var wrapErrCases = []errCase{
	{name: "wrap_const_label_collision", run: func() error {
		r2 := prometheus.NewRegistry()
		return prometheus.WrapRegistererWith(prometheus.Labels{"a": "2"}, r2).
			Register(counter("c_total", "C.", prometheus.Labels{"a": "1"}))
	}},
	{name: "wrap_variable_label_collision", run: func() error {
		r2 := prometheus.NewRegistry()
		v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "v_total", Help: "V."}, []string{"l"})
		return prometheus.WrapRegistererWith(prometheus.Labels{"l": "2"}, r2).Register(v)
	}},
	{name: "wrap_prefix_invalid", run: func() error {
		r2 := prometheus.NewRegistry()
		return prometheus.WrapRegistererWithPrefix("1", r2).Register(counter("c_total", "C.", nil))
	}},
	{name: "wrap_unregister", text: func() string {
		r2 := prometheus.NewRegistry()
		w := counter("w_total", "W.", nil)
		if err := wrapProd(r2).Register(w); err != nil {
			fail("wrap_unregister: registering w_total: %v", err)
		}
		wrapDirectUnregister = r2.Unregister(w)
		return strconv.FormatBool(wrapProd(r2).Unregister(w))
	}, extra: func() (string, string) {
		return "direct", strconv.FormatBool(wrapDirectUnregister)
	}},
	{name: "wrap_already_registered", run: func() error {
		r2 := prometheus.NewRegistry()
		first := counter("d_total", "D.", nil)
		if err := wrapProd(r2).Register(first); err != nil {
			fail("wrap_already_registered: registering the first d_total: %v", err)
		}
		err := wrapProd(r2).Register(counter("d_total", "D.", nil))
		are, ok := err.(prometheus.AlreadyRegisteredError)
		if !ok {
			fail("wrap_already_registered: got %T %v, want an AlreadyRegisteredError", err, err)
		}
		switch existing := are.ExistingCollector; {
		case existing == prometheus.Collector(first):
			wrapExisting = "same"
		case fmt.Sprintf("%T", existing) == "*prometheus.wrappingCollector":
			wrapExisting = "wrapper"
		default:
			wrapExisting = fmt.Sprintf("%T", existing)
		}
		return err
	}, extra: func() (string, string) {
		return "existing", wrapExisting
	}},
	{name: "wrap_nil_registerer", allowNil: true, run: func() error {
		return prometheus.WrapRegistererWith(prometheus.Labels{"a": "b"}, nil).Register(counter("c_total", "C.", nil))
	}},
}

// exemplarCounter returns a fresh counter "c" as an ExemplarAdder.
func exemplarCounter() prometheus.ExemplarAdder {
	return exemplarAdder(counter("c", "h", nil))
}

// tooLongExemplarValue gives, with the name trace_id (8 runes), exemplar
// labels of 8 + 121 = 129 runes (250 bytes), one more than
// prometheus.ExemplarMaxRunes.
var tooLongExemplarValue = strings.Repeat("é", 121)

// protoErrorPrefix is how google.golang.org/protobuf prefixes its errors:
// "proto:" and a space that is either U+0020 or, chosen by a hash of the
// running binary (internal/detrand), U+00A0 (no-break space).
const protoErrorPrefix = "proto: "

// stableProtoError returns err's text with protobuf's binary-dependent
// prefix "proto:\u00a0" written as "proto: ", so that the text does not
// depend on the build; the text must start with either form.
func stableProtoError(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if nbsp := "proto:\u00a0"; strings.HasPrefix(text, nbsp) {
		text = protoErrorPrefix + strings.TrimPrefix(text, nbsp)
	} else if !strings.HasPrefix(text, protoErrorPrefix) {
		fail("protobuf error %q has neither prefix", text)
	}
	return errors.New(text)
}

// exemplarErrCases are the exemplar_* records of errors.tsv: panics of the
// instrumented calls, errors of NewMetricWithExemplars and of a Gather.
var exemplarErrCases = []errCase{
	{name: "exemplar_invalid_name", run: func() error {
		return panicErr(func() { exemplarCounter().AddWithExemplar(1, prometheus.Labels{"1bad": "x"}) })
	}},
	{name: "exemplar_reserved_name", run: func() error {
		return panicErr(func() { exemplarCounter().AddWithExemplar(1, prometheus.Labels{"__x": "x"}) })
	}},
	{name: "exemplar_too_long", run: func() error {
		return panicErr(func() {
			exemplarCounter().AddWithExemplar(1, prometheus.Labels{"trace_id": tooLongExemplarValue})
		})
	}},
	{name: "exemplar_exactly_128", allowNil: true, run: func() error {
		// 8 + 120 = 128 runes: at the limit.
		return recoverErr(func() {
			exemplarCounter().AddWithExemplar(1, prometheus.Labels{"trace_id": strings.Repeat("é", 120)})
		})
	}},
	{name: "exemplar_histogram_invalid", run: func() error {
		return panicErr(func() {
			exemplarObserver(histogramWithBuckets()).ObserveWithExemplar(1, prometheus.Labels{"a-b": "x"})
		})
	}},
	{name: "exemplar_const_none", run: func() error {
		return metricErr(prometheus.NewMetricWithExemplars(constCounter("c", "h")))
	}},
	{name: "exemplar_const_invalid", run: func() error {
		return metricErr(prometheus.NewMetricWithExemplars(constCounter("c", "h"),
			prometheus.Exemplar{Value: 1, Labels: prometheus.Labels{"1x": ""}}))
	}},
	{name: "exemplar_const_too_long", run: func() error {
		return metricErr(prometheus.NewMetricWithExemplars(constCounter("c", "h"),
			prometheus.Exemplar{Value: 1, Labels: prometheus.Labels{"trace_id": tooLongExemplarValue}}))
	}},
	{name: "exemplar_const_timestamp", run: func() error {
		// Year 10000: beyond what a protobuf Timestamp may hold.
		return stableProtoError(metricErr(prometheus.NewMetricWithExemplars(constCounter("c", "h"),
			prometheus.Exemplar{Value: 1, Labels: prometheus.Labels{"a": "b"},
				Timestamp: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})))
	}},
	{name: "exemplar_const_gauge", run: func() error {
		return gatherErr(prometheus.MustNewMetricWithExemplars(
			prometheus.MustNewConstMetric(prometheus.NewDesc("g", "h", nil, nil), prometheus.GaugeValue, 1),
			prometheus.Exemplar{Value: 1, Labels: prometheus.Labels{"a": "b"}, Timestamp: time.Unix(1700000000, 0)}))
	}},
}

// encodeErrCase is one family handed to expfmt's text encoders in
// encodeErrCases; embedded says which text the error embeds: "family" (the
// family's String()), "metric" (its first metric's String()) or "" (none).
type encodeErrCase struct {
	name     string
	family   func() *dto.MetricFamily
	embedded string
}

// missingValueFamily returns a family named "x" (no help) of type t with one
// metric: label a="1" and the value field set by value.
func missingValueFamily(t dto.MetricType, value func(m *dto.Metric)) func() *dto.MetricFamily {
	return func() *dto.MetricFamily {
		m := &dto.Metric{Label: []*dto.LabelPair{labelPair("a", "1")}}
		value(m)
		return &dto.MetricFamily{Name: proto.String("x"), Type: t.Enum(), Metric: []*dto.Metric{m}}
	}
}

func withGauge(m *dto.Metric)   { m.Gauge = &dto.Gauge{Value: proto.Float64(1)} }
func withCounter(m *dto.Metric) { m.Counter = &dto.Counter{Value: proto.Float64(1)} }

var encodeErrFamilies = []encodeErrCase{
	{"no_metrics", func() *dto.MetricFamily {
		return &dto.MetricFamily{Name: proto.String("x"), Help: proto.String("h"), Type: dto.MetricType_GAUGE.Enum()}
	}, "family"},
	{"no_name", func() *dto.MetricFamily {
		return &dto.MetricFamily{Help: proto.String("h"), Type: dto.MetricType_GAUGE.Enum(),
			Metric: []*dto.Metric{{Gauge: &dto.Gauge{Value: proto.Float64(1)}}}}
	}, "family"},
	{"missing_counter", missingValueFamily(dto.MetricType_COUNTER, withGauge), "metric"},
	{"missing_gauge", missingValueFamily(dto.MetricType_GAUGE, withCounter), "metric"},
	{"missing_untyped", missingValueFamily(dto.MetricType_UNTYPED, withGauge), "metric"},
	{"missing_summary", missingValueFamily(dto.MetricType_SUMMARY, withGauge), "metric"},
	{"missing_histogram", missingValueFamily(dto.MetricType_HISTOGRAM, withGauge), "metric"},
	{"unknown_type", missingValueFamily(dto.MetricType(7), withGauge), ""},
}

// encodeErrCases returns the cases encode_text_SUFFIX and encode_om_SUFFIX
// for each family of encodeErrFamilies: the error of
// expfmt.MetricFamilyToText resp. expfmt.MetricFamilyToOpenMetrics writing
// it into a bytes.Buffer ("-" if the encoder succeeds). Where the error
// embeds the family's or the metric's text, NAME.metric holds it.
func encodeErrCases() []errCase {
	encoders := []struct {
		prefix string
		encode func(io.Writer, *dto.MetricFamily) (int, error)
	}{
		{"encode_text_", expfmt.MetricFamilyToText},
		{"encode_om_", expfmt.MetricFamilyToOpenMetrics},
	}
	var cases []errCase
	for _, enc := range encoders {
		for _, f := range encodeErrFamilies {
			enc, f := enc, f
			c := errCase{name: enc.prefix + f.name, allowNil: true, run: func() error {
				mf := f.family()
				var buf bytes.Buffer
				_, err := enc.encode(&buf, mf)
				if err != nil {
					switch f.embedded {
					case "family":
						embeddedMetric = mf.String()
					case "metric":
						embeddedMetric = mf.Metric[0].String()
					}
				}
				return err
			}}
			if f.embedded != "" {
				c.extra = metricExtra
			}
			cases = append(cases, c)
		}
	}
	return cases
}

var histLeWhen string

// vecL12 returns a fresh CounterVec "v" with the variable labels l1 and l2.
func vecL12() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: "v", Help: "h"}, []string{"l1", "l2"})
}

// curriedL2 returns vecL12() curried with l2="q".
func curriedL2() *prometheus.CounterVec {
	return vecL12().MustCurryWith(prometheus.Labels{"l2": "q"})
}

func histogramWithBuckets(buckets ...float64) prometheus.Histogram {
	return prometheus.NewHistogram(prometheus.HistogramOpts{Name: "h", Help: "h", Buckets: buckets})
}

// metricErr returns err after checking that no metric came with it.
func metricErr(m interface{}, err error) error {
	if err != nil && m != nil {
		fail("got both a metric and the error %v", err)
	}
	return err
}

// curryErr returns err after checking that no vector came with it.
func curryErr(v *prometheus.CounterVec, err error) error {
	if err != nil && v != nil {
		fail("got both a curried vector and the error %v", err)
	}
	return err
}

// recoverErr calls f and returns the value it panicked with as an error (the
// value itself if it is an error, else fmt.Sprint of it), or nil if f returned
// normally.
func recoverErr(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = errors.New(fmt.Sprint(r))
			}
		}
	}()
	f()
	return nil
}

// panicErr is recoverErr for calls that must panic.
func panicErr(f func()) error {
	err := recoverErr(f)
	if err == nil {
		fail("expected a panic, the call returned normally")
	}
	return err
}

func writeErrors(dir string) {
	var buf bytes.Buffer
	for _, c := range errCases {
		text := "-"
		embeddedMetric = ""
		if c.text != nil {
			text = tsvEscape(c.text())
		} else if err := c.run(); err != nil {
			text = tsvEscape(err.Error())
		} else if !c.allowNil {
			fail("error case %s: expected an error, got nil", c.name)
		}
		fmt.Fprintf(&buf, "%s\t%s\n", c.name, text)
		if c.extra != nil {
			key, value := c.extra()
			if key == "metric" && text == "-" && c.allowNil {
				// The call succeeded: there is no error to embed anything.
				continue
			}
			if key == "metric" && (value == "" || strings.Count(text, tsvEscape(value)) != 1) {
				fail("error case %s: the error does not embed the metric %q exactly once", c.name, value)
			}
			fmt.Fprintf(&buf, "%s.%s\t%s\n", c.name, key, tsvEscape(value))
		}
	}
	writeFile(dir, "errors.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------
// Bucket helpers.

var bucketCases = []struct {
	name    string
	buckets func() []float64
}{
	{"linear_m15_5_6", func() []float64 { return prometheus.LinearBuckets(-15, 5, 6) }},
	{"linear_20_5_5", func() []float64 { return prometheus.LinearBuckets(20, 5, 5) }},
	{"linear_frac", func() []float64 { return prometheus.LinearBuckets(0.1, 0.1, 10) }},
	{"expo_100_1.2_3", func() []float64 { return prometheus.ExponentialBuckets(100, 1.2, 3) }},
	{"expo_1_2_6", func() []float64 { return prometheus.ExponentialBuckets(1, 2, 6) }},
	{"expo_frac", func() []float64 { return prometheus.ExponentialBuckets(0.001, 1.7, 12) }},
	{"range_1_100_10", func() []float64 { return prometheus.ExponentialBucketsRange(1, 100, 10) }},
	{"range_frac", func() []float64 { return prometheus.ExponentialBucketsRange(0.005, 12, 7) }},
	{"def", func() []float64 { return prometheus.DefBuckets }},
}

func writeBuckets(dir string) {
	var buf bytes.Buffer
	for _, c := range bucketCases {
		var vs []string
		for _, v := range c.buckets() {
			vs = append(vs, strconv.FormatFloat(v, 'g', -1, 64))
		}
		fmt.Fprintf(&buf, "%s\t%s\n", c.name, strings.Join(vs, " "))
	}
	writeFile(dir, "buckets.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------
// Protobuf text form (String()) of crafted dto messages.

type textCase struct {
	name string
	msg  proto.Message // *dto.Metric or *dto.MetricFamily
}

func f64(v float64) *float64 { return proto.Float64(v) }

func gaugeMetric(v float64) *dto.Metric { return &dto.Metric{Gauge: &dto.Gauge{Value: f64(v)}} }

func family(name, help string, t *dto.MetricType, ms ...*dto.Metric) *dto.MetricFamily {
	return &dto.MetricFamily{Name: proto.String(name), Help: proto.String(help), Type: t, Metric: ms}
}

func span(offset int32, length uint32) *dto.BucketSpan {
	return &dto.BucketSpan{Offset: proto.Int32(offset), Length: proto.Uint32(length)}
}

// familyHelp is the help of the families in textCases.
const familyHelp = "Help with \"quotes\", \\ backslash,\nnewline and é."

// allSpecials holds every byte class the text form treats specially.
const allSpecials = "q\"b\\n\nt\tr\ré\x01\x7f😀"

func textCases() []textCase {
	negZero := math.Copysign(0, -1)
	tenth, fifth := 0.1, 0.2
	exemplar := &dto.Exemplar{
		Label:     []*dto.LabelPair{labelPair("trace_id", "abc123"), labelPair("span", "7")},
		Value:     f64(0.5),
		Timestamp: &timestamp.Timestamp{Seconds: 1600000000, Nanos: 123000000},
	}
	classic := func() *dto.Histogram {
		return &dto.Histogram{
			SampleCount: proto.Uint64(3),
			SampleSum:   f64(0.75),
			Bucket: []*dto.Bucket{
				{CumulativeCount: proto.Uint64(1), UpperBound: f64(0.5), Exemplar: &dto.Exemplar{
					Label:     []*dto.LabelPair{labelPair("trace_id", "t1")},
					Value:     f64(0.25),
					Timestamp: &timestamp.Timestamp{Seconds: 1, Nanos: 0},
				}},
				{CumulativeCount: proto.Uint64(2), UpperBound: f64(1)},
				{CumulativeCount: proto.Uint64(3), UpperBound: f64(math.Inf(+1))},
			},
		}
	}
	native := func() *dto.Histogram {
		return &dto.Histogram{
			SampleCount:   proto.Uint64(6),
			SampleSum:     f64(-3.5),
			Schema:        proto.Int32(3),
			ZeroThreshold: f64(1e-128),
			ZeroCount:     proto.Uint64(2),
			NegativeSpan:  []*dto.BucketSpan{span(-2, 1)},
			NegativeDelta: []int64{1},
			PositiveSpan:  []*dto.BucketSpan{span(0, 2), span(3, 1)},
			PositiveDelta: []int64{1, -1, 2},
		}
	}
	summary := func() *dto.Summary {
		return &dto.Summary{
			SampleCount: proto.Uint64(7),
			SampleSum:   f64(1.25),
			Quantile: []*dto.Quantile{
				{Quantile: f64(0.5), Value: f64(1)},
				{Quantile: f64(0.99), Value: f64(math.NaN())},
			},
		}
	}
	labels := func(kv ...string) []*dto.LabelPair {
		var ls []*dto.LabelPair
		for i := 0; i < len(kv); i += 2 {
			ls = append(ls, labelPair(kv[i], kv[i+1]))
		}
		return ls
	}

	cases := []textCase{
		{"metric_empty", &dto.Metric{}},
		{"label_quote", &dto.Metric{Label: labels("q", `say "hi"`)}},
		{"label_backslash", &dto.Metric{Label: labels("b", `back\slash\`)}},
		{"label_newline", &dto.Metric{Label: labels("n", "new\nline")}},
		{"label_tab", &dto.Metric{Label: labels("t", "a\tb")}},
		{"label_cr", &dto.Metric{Label: labels("r", "a\rb")}},
		{"label_utf8", &dto.Metric{Label: labels("u", "é Björn 佖")}},
		{"label_ctrl", &dto.Metric{Label: labels("c", "\x01\x1f\x7f ~")}},
		{"label_emoji", &dto.Metric{Label: labels("e", "😀")}},
		{"label_empty_value", &dto.Metric{Label: labels("empty", "")}},
		{"label_apostrophe", &dto.Metric{Label: labels("a", "it's <ok> {}")}},
		{"label_special_name_and_value", &dto.Metric{Label: labels(allSpecials, allSpecials)}},
		{"label_name_only", &dto.Metric{Label: []*dto.LabelPair{{Name: proto.String("only_name")}}}},
		{"label_value_only", &dto.Metric{Label: []*dto.LabelPair{{Value: proto.String("only_value")}}}},
		{"label_pair_empty", &dto.Metric{Label: []*dto.LabelPair{{}}}},
		{"labels_three_with_gauge", &dto.Metric{Label: labels("a", "1", "b", "", "c", "x\ny"), Gauge: &dto.Gauge{Value: f64(1)}}},
	}
	for _, g := range []struct {
		name  string
		value float64
	}{
		{"0", 0},
		{"neg_0", negZero},
		{"1", 1},
		{"1_5", 1.5},
		{"0_1", 0.1},
		{"1e21", 1e21},
		{"1e20", 1e20},
		{"123456789", 123456789},
		{"1e-5", 1e-5},
		{"1e-7", 1e-7},
		{"5e-324", 5e-324},
		{"max", math.MaxFloat64},
		{"nan", math.NaN()},
		{"pos_inf", math.Inf(+1)},
		{"neg_inf", math.Inf(-1)},
		{"neg_2_5", -2.5},
		{"100000", 100000},
		{"123456", 123456},
		{"1e6", 1e6},
		{"1234567", 1234567},
		{"0_0001", 0.0001},
		{"0_00012345", 0.00012345},
		{"2p53", 9007199254740992},
		{"third", 1.0 / 3},
		{"0_1_plus_0_2", tenth + fifth},
		{"neg_1e-300", -1e-300},
	} {
		cases = append(cases, textCase{"gauge_" + g.name, gaugeMetric(g.value)})
	}
	cases = append(cases, []textCase{
		{"gauge_unset_value", &dto.Metric{Gauge: &dto.Gauge{}}},
		{"counter_exemplar", &dto.Metric{Counter: &dto.Counter{Value: f64(42), Exemplar: exemplar}}},
		{"counter_exemplar_bare", &dto.Metric{Counter: &dto.Counter{Value: f64(1), Exemplar: &dto.Exemplar{Value: f64(1)}}}},
		{"counter_exemplar_empty", &dto.Metric{Counter: &dto.Counter{Exemplar: &dto.Exemplar{}}}},
		{"counter_exemplar_zero_timestamp", &dto.Metric{Counter: &dto.Counter{Value: f64(1),
			Exemplar: &dto.Exemplar{Value: f64(2), Timestamp: &timestamp.Timestamp{}}}}},
		{"counter_exemplar_negative_timestamp", &dto.Metric{Counter: &dto.Counter{Value: f64(1),
			Exemplar: &dto.Exemplar{Value: f64(2), Timestamp: &timestamp.Timestamp{Seconds: -1, Nanos: 500000000}}}}},
		{"counter_exemplar_nanos_only", &dto.Metric{Counter: &dto.Counter{Value: f64(1),
			Exemplar: &dto.Exemplar{Timestamp: &timestamp.Timestamp{Nanos: 1}}}}},
		{"untyped_timestamp", &dto.Metric{Untyped: &dto.Untyped{Value: f64(2)}, TimestampMs: proto.Int64(1234567890123)}},
		{"untyped_timestamp_neg", &dto.Metric{Untyped: &dto.Untyped{Value: f64(2)}, TimestampMs: proto.Int64(-1)}},
		{"untyped_timestamp_zero", &dto.Metric{Untyped: &dto.Untyped{Value: f64(0)}, TimestampMs: proto.Int64(0)}},
		{"timestamp_extremes_min", &dto.Metric{TimestampMs: proto.Int64(math.MinInt64)}},
		{"timestamp_extremes_max", &dto.Metric{TimestampMs: proto.Int64(math.MaxInt64)}},
		{"summary", &dto.Metric{Summary: summary()}},
		{"summary_max_count", &dto.Metric{Summary: &dto.Summary{SampleCount: proto.Uint64(math.MaxUint64)}}},
		{"summary_empty_quantile", &dto.Metric{Summary: &dto.Summary{Quantile: []*dto.Quantile{{}}}}},
		{"histogram_classic", &dto.Metric{Histogram: classic()}},
		{"histogram_float_counts", &dto.Metric{Histogram: &dto.Histogram{
			SampleCount:      proto.Uint64(3),
			SampleCountFloat: f64(3.5),
			SampleSum:        f64(2),
			Bucket: []*dto.Bucket{
				{CumulativeCount: proto.Uint64(1), CumulativeCountFloat: f64(1.5), UpperBound: f64(1)},
				{CumulativeCountFloat: f64(3.5), UpperBound: f64(math.Inf(+1))},
			},
		}}},
		{"histogram_native", &dto.Metric{Histogram: native()}},
		{"histogram_native_float", &dto.Metric{Histogram: &dto.Histogram{
			SampleCountFloat: f64(4),
			SampleSum:        f64(1),
			Schema:           proto.Int32(-4),
			ZeroThreshold:    f64(0),
			ZeroCountFloat:   f64(0.5),
			NegativeSpan:     []*dto.BucketSpan{span(1, 1)},
			NegativeCount:    []float64{1.5},
			PositiveSpan:     []*dto.BucketSpan{span(-1, 2)},
			PositiveCount:    []float64{0.5, math.Inf(+1)},
		}}},
		{"histogram_explicit_zeros", &dto.Metric{Histogram: &dto.Histogram{
			SampleCount:    proto.Uint64(0),
			Schema:         proto.Int32(0),
			ZeroThreshold:  f64(0),
			ZeroCount:      proto.Uint64(0),
			ZeroCountFloat: f64(0),
			PositiveSpan:   []*dto.BucketSpan{{}},
			PositiveDelta:  []int64{0},
		}}},
		{"histogram_empty", &dto.Metric{Histogram: &dto.Histogram{}}},
		{"labels_gauge_counter_timestamp", &dto.Metric{
			Label:       labels("a", "1", "b", "2"),
			Gauge:       &dto.Gauge{Value: f64(1)},
			Counter:     &dto.Counter{Value: f64(2)},
			TimestampMs: proto.Int64(42),
		}},
		{"all_value_fields", &dto.Metric{
			Label:       labels("l", "v"),
			Gauge:       &dto.Gauge{Value: f64(1)},
			Counter:     &dto.Counter{Value: f64(2)},
			Summary:     &dto.Summary{SampleCount: proto.Uint64(1), SampleSum: f64(3)},
			Untyped:     &dto.Untyped{Value: f64(4)},
			Histogram:   &dto.Histogram{SampleCount: proto.Uint64(1), SampleSum: f64(5)},
			TimestampMs: proto.Int64(-1500),
		}},
	}...)
	cases = append(cases, []textCase{
		{"family_counter", family("fc_total", familyHelp, dto.MetricType_COUNTER.Enum(),
			&dto.Metric{Label: labels("code", "200"), Counter: &dto.Counter{Value: f64(3)}},
			&dto.Metric{Label: labels("code", "500"), Counter: &dto.Counter{Value: f64(1), Exemplar: exemplar}})},
		{"family_gauge", family("fg", familyHelp, dto.MetricType_GAUGE.Enum(), gaugeMetric(-2.5))},
		{"family_summary", family("fs", familyHelp, dto.MetricType_SUMMARY.Enum(),
			&dto.Metric{Label: labels("k", "v"), Summary: summary()})},
		{"family_untyped", family("fu", familyHelp, dto.MetricType_UNTYPED.Enum(),
			&dto.Metric{Untyped: &dto.Untyped{Value: f64(1)}, TimestampMs: proto.Int64(1234567890123)},
			&dto.Metric{Label: labels("x", "y"), Untyped: &dto.Untyped{Value: f64(math.NaN())}})},
		{"family_histogram", family("fh", familyHelp, dto.MetricType_HISTOGRAM.Enum(),
			&dto.Metric{Histogram: classic()})},
		{"family_gauge_histogram", family("fgh", familyHelp, dto.MetricType_GAUGE_HISTOGRAM.Enum(),
			&dto.Metric{Label: labels("a", "b"), Histogram: native()})},
		{"family_no_type", &dto.MetricFamily{Name: proto.String("fn"), Help: proto.String("h"),
			Metric: []*dto.Metric{gaugeMetric(1)}}},
		{"family_unknown_type", family("fx", "h", dto.MetricType(7).Enum(), gaugeMetric(1))},
		{"family_no_metrics", family("fe", "h", dto.MetricType_GAUGE.Enum())},
		{"family_empty_help", family("fh2", "", dto.MetricType_COUNTER.Enum(),
			&dto.Metric{Counter: &dto.Counter{Value: f64(0)}})},
		{"family_name_only", &dto.MetricFamily{Name: proto.String("only")}},
		{"family_empty", &dto.MetricFamily{}},
	}...)
	return cases
}

func writeMetricText(dir string) {
	var buf bytes.Buffer
	seen := map[string]bool{}
	for _, c := range textCases() {
		if seen[c.name] {
			fail("metric_text.tsv: duplicate case %s", c.name)
		}
		seen[c.name] = true
		var kind string
		var decoded proto.Message
		switch c.msg.(type) {
		case *dto.Metric:
			kind, decoded = "metric", &dto.Metric{}
		case *dto.MetricFamily:
			kind, decoded = "family", &dto.MetricFamily{}
		default:
			fail("metric_text.tsv: case %s has message type %T", c.name, c.msg)
		}
		wire, err := proto.Marshal(c.msg)
		if err != nil {
			fail("metric_text.tsv: marshaling %s: %v", c.name, err)
		}
		text := c.msg.String()
		// The written bytes must give back the very same text.
		if err := proto.Unmarshal(wire, decoded); err != nil {
			fail("metric_text.tsv: unmarshaling %s: %v", c.name, err)
		}
		if decoded.String() != text {
			fail("metric_text.tsv: %s: text after a wire round trip %q differs from %q", c.name, decoded.String(), text)
		}
		if strings.ContainsAny(text, "\t\n") {
			fail("metric_text.tsv: the text of %s contains a raw TAB or newline", c.name)
		}
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\n", c.name, kind, hex.EncodeToString(wire), tsvEscape(text))
	}
	writeFile(dir, "metric_text.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------
// Native histograms: bucket bounds, schemas and the bucket-limit strategies,
// all read through the public API (Observe and Write).

// histWrite returns the dto.Histogram that Write gives for h.
func histWrite(h prometheus.Histogram) *dto.Histogram {
	var m dto.Metric
	if err := h.Write(&m); err != nil {
		fail("histogram Write: %v", err)
	}
	if m.Histogram == nil {
		fail("histogram Write set no Histogram")
	}
	return m.Histogram
}

// nativeOpts returns HistogramOpts for a native histogram with the given
// bucket factor (name and help are irrelevant here).
func nativeOpts(factor float64) prometheus.HistogramOpts {
	return prometheus.HistogramOpts{Name: "n", Help: "h", NativeHistogramBucketFactor: factor}
}

// schemaFactor returns a bucket factor that gives schema s: 2^(2^(0.5-s)),
// in the middle (on a log-log scale) of the factors giving s, so that no
// rounding of log2(log2(factor)) can pick a neighbouring schema.
func schemaFactor(s int) float64 {
	return math.Pow(2, math.Pow(2, 0.5-float64(s)))
}

// nativeKey observes v (> the zero threshold) once into a fresh histogram
// made from opts and returns the key of the one positive bucket it lands in
// (the offset of the only positive span), checking that the histogram has
// schema wantSchema and that nothing else is populated.
func nativeKey(opts prometheus.HistogramOpts, wantSchema int32, v float64) int32 {
	h := prometheus.NewHistogram(opts)
	h.Observe(v)
	his := histWrite(h)
	if his.Schema == nil || his.GetSchema() != wantSchema {
		fail("native key of %g: schema %v, want %d", v, his.Schema, wantSchema)
	}
	spans := his.GetPositiveSpan()
	if len(spans) != 1 || spans[0].GetLength() != 1 || len(his.GetPositiveDelta()) != 1 ||
		his.GetPositiveDelta()[0] != 1 || len(his.GetNegativeSpan()) != 0 || his.GetZeroCount() != 0 {
		fail("native key of %g: not exactly one positive bucket: %v", v, his)
	}
	return spans[0].GetOffset()
}

// writeNativeBounds writes native_bounds.tsv: for schema s in 1..8 (n = 2^s)
// and i in 1..n-1 the largest float64 b in [0.5, 1) that lands in key i-n,
// found by bisection on the bit patterns between 0.5 and 1 (the keys grow
// with the value). Every probe is one observation into a fresh histogram.
func writeNativeBounds(dir string) {
	var buf bytes.Buffer
	for s := 1; s <= 8; s++ {
		n := 1 << s
		opts := nativeOpts(schemaFactor(s))
		key := func(bits uint64) int32 { return nativeKey(opts, int32(s), math.Float64frombits(bits)) }
		for i := 1; i < n; i++ {
			target := int32(i - n)
			// Invariant: key(lo) <= target < key(hi); 0.5 has key -n,
			// 1 has key 0.
			lo, hi := math.Float64bits(0.5), math.Float64bits(1)
			for hi-lo > 1 {
				mid := lo + (hi-lo)/2
				if key(mid) <= target {
					lo = mid
				} else {
					hi = mid
				}
			}
			if k := key(lo); k != target {
				fail("native_bounds: schema %d, i %d: %g has key %d, want %d", s, i, math.Float64frombits(lo), k, target)
			}
			if k := key(hi); k != target+1 {
				fail("native_bounds: schema %d, i %d: %g has key %d, want %d", s, i, math.Float64frombits(hi), k, target+1)
			}
			fmt.Fprintf(&buf, "%d\t%d\t%016x\n", s, i, lo)
		}
	}
	writeFile(dir, "native_bounds.tsv", buf.Bytes())
}

// nativeSchemaFactors are the bucket factors of native_schema.tsv; the last
// three give no native histogram at all.
var nativeSchemaFactors = []float64{
	1.0001, 1.0002, 1.001, 1.002, 1.005, 1.01, 1.02, 1.05, 1.09, 1.1, 1.2, 1.4, 1.5,
	2, 2.5, 4, 16, 100, 256, 300, 65536, 1e6, 1e30,
	1, 0.5, -1,
}

// writeNativeSchema writes native_schema.tsv: factor, the schema that Write
// of a fresh histogram with that factor reports (none: no Schema set).
func writeNativeSchema(dir string) {
	var buf bytes.Buffer
	for _, f := range nativeSchemaFactors {
		schema := "none"
		if his := histWrite(prometheus.NewHistogram(nativeOpts(f))); his.Schema != nil {
			schema = strconv.Itoa(int(his.GetSchema()))
		}
		fmt.Fprintf(&buf, "%s\t%s\n", strconv.FormatFloat(f, 'g', -1, 64), schema)
	}
	writeFile(dir, "native_schema.tsv", buf.Bytes())
}

// nativeSmallValues are the values below 1 of native_small_values.tsv.
var nativeSmallValues = []float64{0.9, 0.5, 0.3, 0.1, 0.05, 0.01, 1e-5, 1e-300, 5e-324}

// writeNativeSmallValues writes native_small_values.tsv: schema, value
// (%g), key for values below 1 at the negative schemas -1..-4, each observed
// once into a fresh histogram with a zero threshold of zero.
func writeNativeSmallValues(dir string) {
	var buf bytes.Buffer
	for s := -1; s >= -4; s-- {
		opts := nativeOpts(schemaFactor(s))
		opts.NativeHistogramZeroThreshold = prometheus.NativeHistogramZeroThresholdZero
		for _, v := range nativeSmallValues {
			fmt.Fprintf(&buf, "%d\t%g\t%d\n", s, v, nativeKey(opts, int32(s), v))
		}
	}
	writeFile(dir, "native_small_values.tsv", buf.Bytes())
}

// limitCases are the cases of native_limits.tsv: one fresh histogram each,
// observing values one by one.
var limitCases = []struct {
	name   string
	opts   prometheus.HistogramOpts
	values []float64
}{
	{"widen", prometheus.HistogramOpts{
		NativeHistogramBucketFactor:     1.1,
		NativeHistogramMaxBucketNumber:  3,
		NativeHistogramMaxZeroThreshold: 0.5,
	}, []float64{0.01, 0.02, 0.04, 0.08, 0.3, 0.6, 2, 4}},
	{"widen_negative", prometheus.HistogramOpts{
		NativeHistogramBucketFactor:     1.1,
		NativeHistogramMaxBucketNumber:  3,
		NativeHistogramMaxZeroThreshold: 0.5,
	}, []float64{-0.01, 0.01, -0.02, 0.04, -0.08, 1}},
	{"halve", prometheus.HistogramOpts{
		NativeHistogramBucketFactor:    1.1,
		NativeHistogramMaxBucketNumber: 2,
	}, []float64{1, 2, 4, 8, 16, 32, 1024, 1e10, 1e100, 1e200}}, // schema -4 at 1e100
	{"widen_then_halve", prometheus.HistogramOpts{
		NativeHistogramBucketFactor:     1.1,
		NativeHistogramMaxBucketNumber:  2,
		NativeHistogramMaxZeroThreshold: 0.05,
	}, []float64{0.01, 0.02, 0.04, 1, 2, 3, 5}},
	{"reset", prometheus.HistogramOpts{
		NativeHistogramBucketFactor:     1.1,
		NativeHistogramMaxBucketNumber:  2,
		NativeHistogramMinResetDuration: 1,
	}, []float64{1, 2, 4, 8}},
	{"classic_and_reset", prometheus.HistogramOpts{
		Buckets:                         []float64{1, 10},
		NativeHistogramBucketFactor:     2,
		NativeHistogramMaxBucketNumber:  1,
		NativeHistogramMinResetDuration: 1,
	}, []float64{0.5, 5, 50, 0.7}},
	{"inf_and_nan", prometheus.HistogramOpts{
		NativeHistogramBucketFactor:    1.1,
		NativeHistogramMaxBucketNumber: 2,
	}, []float64{math.Inf(+1), math.Inf(-1), math.NaN(), 1, 2}},
}

// writeNativeLimits writes native_limits.tsv: case, step, the String() of
// the dto.Histogram that Write gives after the step. Where a reset is
// possible (MinResetDuration 1ns), the program sleeps 1ms before each
// observation so that the reset is due even with a coarse clock.
// lintCases are the families of promlint.tsv: name, type, the label names
// of each metric (metrics split by ";", names by ","), help ("-": none).
var lintCases = [][4]string{
	{"requests_total", "COUNTER", "code", "Requests."},
	{"requests", "COUNTER", "", "Requests."},
	{"no_help_total", "COUNTER", "", "-"},
	{"empty_help_total", "COUNTER", "", ""},
	{"temperature_total", "GAUGE", "", "h"},
	{"anything_total", "UNTYPED", "", "h"},
	{"queue_bucket", "GAUGE", "", "h"},
	{"queue_count", "COUNTER", "", "h"},
	{"queue_sum", "GAUGE", "", "h"},
	{"latency_sum", "SUMMARY", "", "h"},
	{"latency_bucket", "SUMMARY", "", "h"},
	{"latency_count", "HISTOGRAM", "", "h"},
	{"untyped_bucket", "UNTYPED", "", "h"},
	{"with_le", "GAUGE", "le;le", "h"},
	{"with_quantile", "HISTOGRAM", "quantile", "h"},
	{"request_duration_minutes", "GAUGE", "", "h"},
	{"request_duration_seconds", "GAUGE", "", "h"},
	{"payload_kilobytes", "GAUGE", "", "h"},
	{"payload_mibibytes_total", "COUNTER", "", "h"},
	{"disk_bits", "GAUGE", "", "h"},
	{"thermometers", "GAUGE", "", "h"},
	{"walk_kilometers", "GAUGE", "", "h"},
	{"body_pounds", "GAUGE", "", "h"},
	{"cpu_fahrenheit", "GAUGE", "", "h"},
	{"some_counter_value", "GAUGE", "", "h"},
	{"some_gauge", "GAUGE", "", "h"},
	{"some_summary_thing", "SUMMARY", "", "h"},
	{"some_histogram", "HISTOGRAM", "", "h"},
	{"some_untyped", "UNTYPED", "", "h"},
	{"foo_gauge_histogram", "GAUGE_HISTOGRAM", "", "h"},
	{"Some_Counter_Total", "COUNTER", "", "h"},
	{"job:requests:rate5m", "GAUGE", "", "h"},
	{"fooBar", "GAUGE", "", "h"},
	{"FOO", "GAUGE", "", "h"},
	{"camel_labels", "GAUGE", "fooBar,ok;fooBar;aB", "h"},
	{"latency_ms", "GAUGE", "", "h"},
	{"latency_ms_sum", "SUMMARY", "", "h"},
	{"uptime_sec_total", "COUNTER", "", "h"},
	{"disk_gb_free", "GAUGE", "", "h"},
	{"m", "GAUGE", "", "h"},
	{"x_m", "GAUGE", "", "h"},
	{"x_s_h_d", "GAUGE", "", "h"},
	{"size_b", "GAUGE", "", "h"},
	{"nanoseconds_total", "COUNTER", "", "h"},
	{"go_memstats_heap_alloc_bytes", "GAUGE", "", "h"},
}

// lintTexts are the exposition texts of promlint_text.tsv.
var lintTexts = [][2]string{
	{"clean", "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1\n"},
	{"no_help", "# TYPE x_total counter\nx_total 1\n"},
	{"untyped_no_help", "some_metric 1\n"},
	{"several_families", "# HELP b_count B.\n# TYPE b_count gauge\nb_count 1\n# HELP aMs A.\n# TYPE aMs counter\naMs 2\n"},
	{"histogram_ok", "# HELP lat_seconds L.\n# TYPE lat_seconds histogram\nlat_seconds_bucket{le=\"1\"} 1\nlat_seconds_bucket{le=\"+Inf\"} 1\nlat_seconds_sum 0.5\nlat_seconds_count 1\n"},
	{"summary_in_ms", "# HELP lat_ms L.\n# TYPE lat_ms summary\nlat_ms{quantile=\"0.5\"} 1\nlat_ms_sum 1\nlat_ms_count 1\n"},
	{"gauge_with_le_and_camel", "# HELP g G.\n# TYPE g gauge\ng{le=\"1\",someLabel=\"x\"} 1\ng{le=\"2\",someLabel=\"y\"} 2\n"},
	{"units", "# HELP disk_kilobytes D.\n# TYPE disk_kilobytes gauge\ndisk_kilobytes 1\n# HELP up_hours U.\n# TYPE up_hours gauge\nup_hours 1\n"},
	{"colon", "# HELP job:req:rate5m R.\n# TYPE job:req:rate5m gauge\njob:req:rate5m 1\n"},
	{"empty", ""},
	{"help_only", "# HELP x X.\n"},
	{"broken", "x{a=\"1\" 1\n"},
	{"no_newline", "# HELP x X.\nx 1"},
}

// writePromlintText writes promlint_text.tsv: case, hex of an exposition
// text, and what promlint.New on it finds: "ok:" and the problems as in
// promlint.tsv (nothing after "ok:" for none), or "error:" and Lint's error.
func writePromlintText(dir string) {
	var buf bytes.Buffer
	for _, c := range lintTexts {
		problems, err := promlint.New(strings.NewReader(c[1])).Lint()
		outcome := ""
		if err != nil {
			outcome = "error:" + strings.ReplaceAll(err.Error(), "\n", "\\n")
		} else {
			texts := []string{}
			for _, p := range problems {
				texts = append(texts, p.Metric+": "+p.Text)
			}
			outcome = "ok:" + strings.Join(texts, " | ")
		}
		fmt.Fprintf(&buf, "%s\t%s\t%s\n", c[0], hex.EncodeToString([]byte(c[1])), outcome)
	}
	writeFile(dir, "promlint_text.tsv", buf.Bytes())
}

// writePromlint writes promlint.tsv: the four columns of each lint case,
// then the problems promlint.NewWithMetricFamilies finds in that family
// alone, each "metric: text", joined by " | " ("-": none).
func writePromlint(dir string) {
	var buf bytes.Buffer
	for _, c := range lintCases {
		mf := &dto.MetricFamily{Name: proto.String(c[0]), Type: dto.MetricType(dto.MetricType_value[c[1]]).Enum()}
		if c[3] != "-" {
			mf.Help = proto.String(c[3])
		}
		for _, names := range strings.Split(c[2], ";") {
			m := &dto.Metric{}
			for _, n := range strings.Split(names, ",") {
				if n != "" {
					m.Label = append(m.Label, &dto.LabelPair{Name: proto.String(n), Value: proto.String("x")})
				}
			}
			mf.Metric = append(mf.Metric, m)
		}
		problems, err := promlint.NewWithMetricFamilies([]*dto.MetricFamily{mf}).Lint()
		if err != nil {
			fail("lint %s: %v", c[0], err)
		}
		texts := []string{}
		for _, p := range problems {
			texts = append(texts, p.Metric+": "+p.Text)
		}
		found := strings.Join(texts, " | ")
		if found == "" {
			found = "-"
		}
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\t%s\n", c[0], c[1], c[2], c[3], found)
	}
	writeFile(dir, "promlint.tsv", buf.Bytes())
}

func writeNativeLimits(dir string) {
	var buf bytes.Buffer
	for _, c := range limitCases {
		opts := c.opts
		opts.Name, opts.Help = "limit", "h"
		h := prometheus.NewHistogram(opts)
		for _, v := range c.values {
			if opts.NativeHistogramMinResetDuration > 0 {
				time.Sleep(time.Millisecond)
			}
			h.Observe(v)
			fmt.Fprintf(&buf, "%s\tobserve %g\t%s\n", c.name, v, tsvEscape(histWrite(h).String()))
		}
	}
	writeFile(dir, "native_limits.tsv", buf.Bytes())
}

// textParseCases are the inputs of text_parse.tsv, each parsed by a fresh
// expfmt.TextParser (prometheus/common 0.39).
var textParseCases = []struct{ name, input string }{
	// Nothing to parse.
	{"empty", ""},
	{"only_comments", "# just a comment\n# another one\n"},
	{"blank_lines", "\n\n  \n\t\n"},
	{"comment_other_keywords", "# EOF\n# UNIT x seconds\n#foo bar\n# help x lower\nx 1\n"},
	{"help_only", "# HELP x Only help.\n"},
	{"type_only", "# TYPE x counter\n"},
	// Valid families of every type.
	{"counter", "# HELP c_total Requests.\n# TYPE c_total counter\nc_total{code=\"200\"} 3\nc_total{code=\"500\"} 1\n"},
	{"gauge", "# HELP g A gauge.\n# TYPE g gauge\ng -2.5\n"},
	{"untyped", "# HELP u Untyped.\n# TYPE u untyped\nu 7\n"},
	{"no_type_untyped", "x 1\n"},
	{"summary", "# HELP s Latency.\n# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.9\"} 2\ns_sum 10\ns_count 4\n"},
	{"summary_two_series", "# TYPE s summary\ns{a=\"x\",quantile=\"0.5\"} 1\ns{a=\"y\",quantile=\"0.5\"} 2\ns_count{a=\"x\"} 3\ns_sum{a=\"y\"} 4\ns{quantile=\"0.99\",a=\"x\"} 5\n"},
	{"histogram", "# HELP h Sizes.\n# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 4\nh_sum 2.5\nh_count 4\n"},
	{"histogram_two_series", "# TYPE h histogram\nh_bucket{r=\"a\",le=\"1\"} 1\nh_bucket{le=\"1\",r=\"b\"} 2\nh_count{r=\"a\"} 1\nh_bucket{r=\"a\",le=\"+Inf\"} 1\n"},
	{"type_uppercase", "# TYPE x GAUGE\nx 1\n"},
	{"type_gauge_histogram", "# TYPE x gauge_histogram\nx 1\nx_bucket{le=\"1\"} 1\n"},
	{"hash_help_no_space", "#HELP x No space.\n#TYPE x gauge\nx 1\n"},
	{"help_after_samples", "x 1\n# HELP x Late.\n"},
	{"help_empty", "# HELP x \nx 1\n"},
	{"help_no_name", "# HELP \n# TYPE\nx 1\n"},
	{"help_whitespace_kept", "# HELP x \t two  spaces \t\nx 1\n"},
	{"help_escapes", "# HELP x a\\\\b\\nc \"q\"\nx 1\n"},
	{"summary_help_via_count", "# TYPE s summary\n# HELP s_count Via count.\ns_count 1\n"},
	// Timestamps.
	{"timestamp_positive", "x 1 1700000000000\n"},
	{"timestamp_negative", "x{a=\"b\"} 1 -5\n"},
	{"timestamp_max", "x 1 9223372036854775807\n"},
	// Whitespace.
	{"tabs_between_tokens", "x\t{a=\"b\"}\t1\t2\n"},
	{"spaces_in_labels", "x { a = \"b\" , c=\"d\" } 1\n"},
	{"leading_whitespace", "  \tx 1\n"},
	{"no_space_after_brace", "x{a=\"b\"}1\n"},
	// Labels.
	{"label_escapes", "x{a=\"back\\\\slash\",b=\"quo\\\"te\",c=\"new\\nline\",d=\"\"} 1\n"},
	{"label_utf8", "x{a=\"é☃,}\"} 1\n"},
	{"empty_label_set", "x{} 1\n"},
	{"trailing_comma", "x{a=\"b\",} 1\n"},
	{"label_le_non_histogram", "x{le=\"0.5\"} 1\n"},
	{"label_quantile_on_gauge", "# TYPE g gauge\ng{quantile=\"abc\"} 1\n"},
	{"summary_without_quantile", "# TYPE s summary\ns{a=\"b\"} 5\n"},
	{"histogram_missing_le", "# TYPE h histogram\nh_bucket 5\nh 6\n"},
	{"histogram_duplicate_le", "# TYPE h histogram\nh_bucket{le=\"1\",le=\"2\"} 3\n"},
	{"interleaved_family", "a 1\n# TYPE b gauge\nb 2\na{x=\"y\"} 3\n"},
	{"summary_bucket_sample", "# TYPE s summary\ns_bucket 1\n"},
	{"untyped_count_suffix", "x 1\nx_count 2\n"},
	{"summary_fractional_count", "# TYPE s summary\ns_count 2.7\ns_sum -1\n"},
	{"colon_names", "a:b:c 1\n:x 2\n"},
	// Values.
	{"value_specials", "a NaN\nb +Inf\nc -Inf\nd nan\ne inf\nf Infinity\n"},
	{"value_subnormal", "x 1e-310\n"},
	{"value_negative_zero", "x -0\n"},
	{"value_forms", "a +5\nb .5\nc 5.\nd 1E+3\ne 007\n"},
	// Broken input.
	{"missing_final_newline", "x 1"},
	{"missing_final_newline_timestamp", "x 1 2"},
	{"help_missing_final_newline", "# HELP x Help."},
	{"eof_in_labels", "x{a=\"b\""},
	{"eof_in_label_value", "x{a=\"b"},
	{"duplicate_help", "# HELP x a\n# HELP x b\n"},
	{"duplicate_type", "# TYPE x gauge\n# TYPE x gauge\n"},
	{"type_after_samples", "x 1\n\n# TYPE x gauge\n"},
	{"type_unknown", "# TYPE x foo\n"},
	{"type_trailing_space", "# TYPE x counter \n"},
	{"type_backslash_dropped", "# TYPE x coun\\ter\nx 1\n"},
	{"help_invalid_escape", "# HELP x a\\tb\n"},
	{"help_trailing_backslash", "# HELP x a\\\nx 1\n"},
	{"invalid_metric_name", "1x 1\n"},
	{"metric_name_with_dash", "x-y 1\n"},
	{"invalid_metric_name_in_comment", "# HELP x-y help\n"},
	{"invalid_label_name", "x{1a=\"b\"} 1\n"},
	{"label_name_with_dash", "x{a-b=\"c\"} 1\n"},
	{"reserved_label_name", "x{__name__=\"y\"} 1\n"},
	{"duplicate_label_name", "x{a=\"1\",a=\"2\"} 1\n"},
	{"label_value_unquoted", "x{a=b} 1\n"},
	{"label_invalid_escape", "x{a=\"\\t\"} 1\n"},
	{"label_unescaped_newline", "x{a=\"foo\nbar\"} 1\n"},
	{"label_invalid_utf8", "x{a=\"\xff\"} 1\n"},
	{"label_missing_comma", "x{a=\"b\" c=\"d\"} 1\n"},
	{"summary_bad_quantile", "# TYPE s summary\ns{quantile=\"x\"} 1\n"},
	{"histogram_bad_le", "# TYPE h histogram\nh_bucket{le=\"1_0\"} 1\n"},
	{"only_metric_name", "x\n"},
	{"missing_value_after_labels", "x{a=\"b\"}\n"},
	{"invalid_value", "x abc\n"},
	{"value_hex_float", "x 0x1p3\n"},
	{"value_hex_no_exponent", "x 0x10\n"},
	{"value_underscore", "x 1_000\n"},
	{"value_out_of_range", "x 1e400\n"},
	{"value_crlf", "x 1\r\n"},
	{"trailing_space_after_value", "x 1 \n"},
	{"timestamp_float", "x 1 1.5\n"},
	{"timestamp_overflow", "x 1 9223372036854775808\n"},
	{"spurious_after_timestamp", "x 1 2 3\n"},
	{"trailing_space_after_timestamp", "x 1 2 \n"},
	{"timestamp_trailing_backslash", "x 1 2\\\n"},
}

// writeTextParse writes text_parse.tsv: case, hex of the input, and the
// outcome of TextToMetricFamilies: "ok:" followed by the hex of
// proto.Marshal of each family (sorted by name), joined by ",", or "error:"
// followed by the error text.
func writeTextParse(dir string) {
	var buf bytes.Buffer
	for _, c := range textParseCases {
		var p expfmt.TextParser
		mfs, err := p.TextToMetricFamilies(strings.NewReader(c.input))
		outcome := ""
		if err != nil {
			outcome = "error:" + tsvEscape(err.Error())
		} else {
			names := make([]string, 0, len(mfs))
			for name := range mfs {
				names = append(names, name)
			}
			sort.Strings(names)
			hexes := make([]string, 0, len(names))
			for _, name := range names {
				b, err := proto.Marshal(mfs[name])
				if err != nil {
					fail("text parse %s: marshal %s: %v", c.name, name, err)
				}
				hexes = append(hexes, hex.EncodeToString(b))
			}
			outcome = "ok:" + strings.Join(hexes, ",")
		}
		fmt.Fprintf(&buf, "%s\t%s\t%s\n", c.name, hex.EncodeToString([]byte(c.input)), outcome)
	}
	writeFile(dir, "text_parse.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------

const readme = `# Golden files

Reference output of the Prometheus Go client, used by the Rust port's tests.

Produced by ` + "`tests/go/golden.go`" + ` (run via ` + "`tests/go/regen.sh`" + `) against
client_golang 1.14 / prometheus/common 0.39 (Debian packages).
**Do not edit by hand**; change golden.go and regenerate instead.

- ` + "`NAME.txt`" + ` – all metric families gathered from the registry of scenario
  NAME (counter, gauges, escaping, const_labels, custom_collector, sorting,
  histogram_default, histogram_custom, histogram_const, summary_pond,
  summary_ckms, summary_max_age, vecs, sorting_timestamps, vec_edits,
  openmetrics_extra, exemplars, exemplars_const, func_metrics,
  registry_as_collector, wrapped, native, native_large_keys; for gatherers,
  by one ` + "`prometheus.Gatherers`" + ` call),
  encoded with ` + "`expfmt.FmtText`" + ` in Gather order (the text format writes no
  exemplars). summary_max_age sleeps 2.2s between observations so that a 1s
  MaxAge has passed.
  func_metrics: ` + "`NewCounterFunc`" + ` ` + "`fn_calls_total`" + ` (help ` + "`Calls.`" + `, const label
  src="fn", function returns 42), ` + "`NewGaugeFunc`" + ` ` + "`fn_temperature_celsius`" + ` (help
  ` + "`Temperature.`" + `, -3.5), ` + "`NewUntypedFunc`" + ` ` + "`fn_untyped`" + ` (help ` + "`Untyped.`" + `, 7).
  registry_as_collector: a registry ` + "`inner`" + ` holds counter ` + "`inner_total`" + ` (help
  ` + "`Inner.`" + `, Inc twice) and GaugeVec ` + "`inner_g`" + ` (help ` + "`Inner gauge.`" + `, label l,
  child "a" set to 1); the gathered registry ` + "`outer`" + ` registers ` + "`inner`" + ` itself
  as a Collector, then its own gauge ` + "`outer_g`" + ` (help ` + "`Outer.`" + `) set to 5.
  gatherers: ` + "`prometheus.Gatherers{r1, r2}.Gather()`" + ` (no error), r1 holding
  counter ` + "`shared_total`" + ` (help ` + "`Shared.`" + `, const label src="a", 1) and gauge
  ` + "`only_a`" + ` (help ` + "`A.`" + `, 1), r2 counter ` + "`shared_total`" + ` (help ` + "`Shared.`" + `, src="b",
  2) and gauge ` + "`only_b`" + ` (help ` + "`B.`" + `, 2).
  wrapped: one registry r; through ` + "`WrapRegistererWith({env=\"prod\"}, r)`" + ` a
  counter ` + "`c_total`" + ` (help ` + "`C.`" + `, const label a="1", Inc once); through
  ` + "`WrapRegistererWithPrefix(\"pre_\", WrapRegistererWith({zone=\"z1\", dc=\"d1\"}, r))`" + `
  a GaugeVec ` + "`g`" + ` (help ` + "`G.`" + `, label l, child "x" set to 2, "y" to 3); through
  ` + "`WrapRegistererWithPrefix(\"outer_\", r)`" + ` an unchecked collector sending a
  const gauge of ` + "`NewDesc(\"u\", \"U.\", nil, {k=\"v\"})`" + ` 4; directly with r a
  gauge ` + "`plain`" + ` (help ` + "`P.`" + `) set to 5.
  native (native histograms; the text and OpenMetrics formats of
  prometheus/common 0.39 write only the classic buckets, sum and count, the
  ` + "`.pb`" + ` files the native fields too): ` + "`nh_seconds`" + ` (help ` + "`Native only.`" + `,
  NativeHistogramBucketFactor 1.1, no classic buckets) observes 0, 1e-40, 0.5,
  1, 1.5, 3, 3, -2, -0.001, 1e-5, 1e6, NaN, +Inf, -Inf; ` + "`both_seconds`" + ` (help
  ` + "`Both.`" + `, buckets 0.1, 1, factor 2, NativeHistogramZeroThreshold 0.001)
  0.0005, 0.05, 0.5, 5, -0.5; ` + "`nzero_seconds`" + ` (help ` + "`Zero threshold zero.`" + `,
  factor 1.5, zero threshold ` + "`NativeHistogramZeroThresholdZero`" + `) 0, 1e-300,
  -1e-300, 2; HistogramVec ` + "`nvec_seconds`" + ` (help ` + "`Vec.`" + `, labels route, code,
  factor 1.2): ("/a", "200") 0.1 and 0.2, ("/b", "500") 5, through a view
  curried with code="200" ` + "`WithLabelValues(\"/c\")`" + ` 1, ("/a", "200") 0.3, then
  ` + "`DeleteLabelValues(\"/b\", \"500\")`" + `; ` + "`nempty_seconds`" + ` (help ` + "`Nothing observed.`" + `,
  factor 1.1) observes nothing.
  native_large_keys: ` + "`nlarge_seconds`" + ` (help ` + "`Large schema keys.`" + `, factor 65536,
  i.e. schema -4) observes 1, 2, 3, 100, 1e10, 1e300, +Inf (only values >= 1:
  see ` + "`native_small_values.tsv`" + `).
- Exemplars (scenarios exemplars and exemplars_const) are normalized after
  Gather and before encoding (the same modified families give all three
  files), because two things make Go's raw output non-deterministic:
  the Go client builds an exemplar's label pairs in Go map iteration order
  (random), so in every scenario the label pairs of every exemplar are sorted
  by name (promreg always sorts them); and instrumented exemplars
  (` + "`AddWithExemplar`" + `, ` + "`ObserveWithExemplar`" + `) are stamped with ` + "`time.Now()`" + `, so in
  the scenario exemplars every exemplar timestamp is replaced by seconds
  1700000000, nanos 123000000 (after checking it was the time of the call).
  exemplars_const builds its exemplars with ` + "`NewMetricWithExemplars`" + ` and
  explicit timestamps; nothing but the label order is normalized there.
  In the ` + "`.om`" + ` files prometheus/common 0.39 writes an exemplar timestamp as
  ` + "`float64(UnixNano)/1e9`" + ` in shortest ` + "`'g'`" + ` form, so 1700000000.123 s appears as
  ` + "`1.7000000001230001e+09`" + `; ` + "`.txt`" + ` files carry no exemplars.
  exemplars: counter ` + "`ex_requests_total`" + ` (Inc, then AddWithExemplar 2
  trace_id="abc123"); ` + "`ex_kept_total`" + ` (AddWithExemplar 1 trace_id="first",
  then AddWithExemplar 5 with nil labels, which keeps the exemplar);
  ` + "`ex_two_labels_total`" + ` (AddWithExemplar 1 trace_id="t1", span_id="s1");
  CounterVec ` + "`ex_vec_total`" + ` by code (200: AddWithExemplar 1 trace_id="t200",
  500: Inc); histogram ` + "`ex_latency_seconds`" + ` with buckets 0.1, 0.5, 1
  (ObserveWithExemplar 0.05 trace_id="a", 0.07 trace_id="b", Observe 0.3,
  ObserveWithExemplar 0.5 trace_id="edge", 2 trace_id="inf": Go adds an
  explicit +Inf bucket for an exemplar in it); HistogramVec ` + "`ex_sizes_bytes`" + `
  by route with buckets 100, 1000 (/a: ObserveWithExemplar 50
  trace_id="s50", Observe 500; /b: Observe 5000, no exemplar, no explicit
  +Inf bucket); gauge ` + "`ex_gauge`" + ` 1.
  exemplars_const (one unchecked collector, in this order): const counter
  ` + "`exc_total`" + ` 10 with exemplars {3, trace_id="c1", 1700000001 s} and
  {4, trace_id="c2", 1700000002.5 s} (the last is used); const histogram
  ` + "`exc_hist`" + ` (label l="x", count 5, sum 9, buckets 1: 2, 5: 4) with exemplars
  0.5 h1, 3 h3, 4 h4, 10 h10 (trace_id, at 1700000003..1700000006 s; bucket 5
  keeps the later h4, 10 lies above every bound and gets an explicit +Inf
  bucket with cumulative count 5); const counter ` + "`exc_nolabels_total`" + ` 1 with
  an exemplar {1, empty non-nil labels, 1700000007 s}.
- ` + "`NAME.pb`" + ` – the same families encoded with ` + "`expfmt.FmtProtoDelim`" + `
  (varint length-delimited ` + "`io.prometheus.client.MetricFamily`" + ` messages).
- ` + "`NAME.om`" + ` – the same families (same Gather call) encoded with
  ` + "`expfmt.FmtOpenMetrics`" + `, followed by the encoder's ` + "`Close()`" + `, which writes
  the final ` + "`# EOF`" + ` line.
- ` + "`desc_ids.tsv`" + ` – ` + "`case, id, dimHash, Desc.String(), err`" + ` for NewDesc
  calls; id/dimHash as ` + "`0x%016x`" + `, err ` + "`-`" + ` if none.
- ` + "`errors.tsv`" + ` – ` + "`case, error text`" + ` of real registration, Gather and
  NewConstMetric failures (` + "`-`" + ` if the call succeeded), plus the result of the
  Unregister call in ` + "`unregister_then_other_help`" + `. The ` + "`vec_*`" + ` cases use a
  CounterVec ` + "`v`" + ` with labels l1, l2 (curried with l2="q" where named so);
  ` + "`vec_delete_wrong_count`" + ` is the bool result of DeleteLabelValues("a").
  Panicking constructors (` + "`hist_*`" + `, ` + "`linear_*`" + `, ` + "`expo_*`" + `, ` + "`summary_*`" + `)
  record the panic value: its Error() if it is an error, else fmt.Sprint of
  it. ` + "`hist_le_variable.when`" + ` says whether NewHistogramVec with a variable
  ` + "`le`" + ` label panics at ` + "`construction`" + ` or only at ` + "`with_label_values`" + `.
  Gather errors of hand-written metrics (help ` + "`h`" + ` unless said otherwise; a
  fresh non-pedantic registry unless said otherwise; unchecked collectors
  describe nothing):
  ` + "`help_mismatch`" + ` – one unchecked collector sending const counters ` + "`h_total`" + `
  help ` + "`a`" + ` label l="v", then ` + "`h_total`" + ` help ` + "`b`" + ` label l="w" (one collector:
  with two, the order in which Gather sees their metrics depends on goroutine
  scheduling); ` + "`empty_metric`" + ` – desc ` + "`e`" + ` with variable label l, Write sets
  only label l="v"; ` + "`duplicate_label_name`" + `, ` + "`invalid_label_name`" + `,
  ` + "`reserved_label_name`" + ` – desc ` + "`d`" + ` without labels, Write sets labels a="1",
  a="2" resp. 1a="x" resp. __x="x" (in that order) and gauge 1;
  ` + "`explicit_quantile_label`" + ` – desc ` + "`s`" + `, Write sets label quantile="0.5" and a
  summary (sample_count 1, sample_sum 2, quantile {0.5, 3});
  ` + "`duplicate_series`" + ` – two const gauges of desc ` + "`dup`" + ` (variable label a),
  values 1 and 2, both with the label value quote, ` + "`x`" + `, backslash, ` + "`z`" + `,
  newline, ` + "`w`" + `, TAB, ` + "`é`" + `, byte 0x01 (Go: ` + "`" + `"x\"y\\z\nw\té\x01"` + "`" + `);
  ` + "`unregistered_descriptor`" + ` – pedantic registry, a collector describing ` + "`a`" + `
  and collecting const gauges ` + "`a`" + ` (1) then ` + "`b`" + ` (2); ` + "`labels_missing_pedantic`" + `
  – pedantic registry, a collector describing ` + "`l`" + ` with variable labels a, b
  and collecting a gauge 1 with only label a="x"; ` + "`not_of_type`" + ` –
  ` + "`prometheus.Gatherers{g}.Gather()`" + ` where the GathererFunc g returns one
  family ` + "`x`" + `, help ` + "`h`" + `, type COUNTER, with one metric: label a="1", gauge 1.
  ` + "`encode_text_*`" + ` / ` + "`encode_om_*`" + ` are the errors of
  ` + "`expfmt.MetricFamilyToText`" + ` / ` + "`expfmt.MetricFamilyToOpenMetrics`" + ` writing one
  family into a ` + "`bytes.Buffer`" + ` (` + "`-`" + ` if it succeeded): ` + "`no_metrics`" + ` – name ` + "`x`" + `,
  help ` + "`h`" + `, type GAUGE, no metrics; ` + "`no_name`" + ` – no name, help ` + "`h`" + `, type GAUGE,
  one metric with gauge 1; ` + "`missing_counter`" + ` / ` + "`missing_gauge`" + ` /
  ` + "`missing_untyped`" + ` / ` + "`missing_summary`" + ` / ` + "`missing_histogram`" + ` – name ` + "`x`" + `, no
  help, that type, one metric with label a="1" and a gauge 1 (a counter 1 for
  ` + "`missing_gauge`" + `); ` + "`unknown_type`" + ` – like those with type 7 (not a known enum
  value) and a gauge.
  Where Go's error embeds a message in protobuf text form, the record
  ` + "`NAME.metric`" + ` that follows holds that message's text (its ` + "`String()`" + `),
  which occurs exactly once in the error text: the metric's (` + "`dto.Metric`" + `) for
  ` + "`type_should_be_*`" + `, ` + "`pedantic_const_label_value`" + ` and the hand-written
  Gather cases above, ` + "`help_mismatch`" + ` to ` + "`not_of_type`" + ` (the second metric sent
  where there are two), the family's (` + "`dto.MetricFamily`" + `) for
  ` + "`encode_*_no_metrics`" + ` and ` + "`encode_*_no_name`" + `, the metric's for
  ` + "`encode_*_missing_*`" + `. Cases whose call succeeded have no ` + "`NAME.metric`" + `
  record.
  ` + "`exemplar_*`" + ` (after the ` + "`encode_*`" + ` cases): ` + "`exemplar_invalid_name`" + `,
  ` + "`exemplar_reserved_name`" + `, ` + "`exemplar_too_long`" + `, ` + "`exemplar_exactly_128`" + ` record the
  panic of a counter's ` + "`AddWithExemplar(1, labels)`" + ` with labels {1bad="x"},
  {__x="x"}, trace_id = 121 times ` + "`é`" + ` (129 runes, 250 bytes) resp. 120 times
  ` + "`é`" + ` (128 runes; ` + "`-`" + ` if it does not panic); ` + "`exemplar_histogram_invalid`" + ` the
  panic of a histogram's ` + "`ObserveWithExemplar(1, {a-b=\"x\"})`" + `;
  ` + "`exemplar_const_*`" + ` the error of ` + "`NewMetricWithExemplars`" + ` on a const counter:
  ` + "`none`" + ` – no exemplars; ` + "`invalid`" + ` – {Value 1, labels {1x=""}}; ` + "`too_long`" + ` –
  labels of 129 runes as above; ` + "`timestamp`" + ` – {Value 1, {a="b"}, 10000-01-01
  UTC}, an error of google.golang.org/protobuf's timestamp check, whose
  prefix is ` + "`proto:`" + ` followed by a space or, depending on a hash of the Go
  binary, a no-break space (U+00A0): it is always written as a plain space;
  ` + "`exemplar_const_gauge`" + ` is the Gather error of an unchecked collector sending a
  const gauge ` + "`g`" + ` 1 wrapped by ` + "`MustNewMetricWithExemplars`" + ` with {1, {a="b"},
  1700000000 s}.
  After those: ` + "`registry_collector_duplicate`" + ` – the error of registering a
  registry ` + "`inner`" + ` (holding counter ` + "`inner_total`" + `, help ` + "`Inner.`" + `) as a Collector
  with a registry that already holds another counter ` + "`inner_total`" + ` (help
  ` + "`Inner.`" + `). ` + "`gatherers_*`" + ` are the errors of ` + "`prometheus.Gatherers{...}.Gather()`" + `
  (r1, r2 fresh registries, in that order): ` + "`help_mismatch`" + ` – r1 gauge ` + "`x`" + ` help
  ` + "`a`" + ` 1, r2 gauge ` + "`x`" + ` help ` + "`b`" + ` const label r="2" 2; ` + "`type_mismatch`" + ` – r1
  counter ` + "`x`" + ` help ` + "`h`" + ` 1, r2 gauge ` + "`x`" + ` help ` + "`h`" + ` const label r="2" 2;
  ` + "`duplicate`" + ` – r1 and r2 each a gauge ` + "`x`" + ` help ` + "`h`" + ` without labels, 1 resp. 2
  (` + "`gatherers_duplicate.metric`" + ` holds the text of r2's metric, embedded once);
  ` + "`inner_error`" + ` – a GathererFunc returning no families and the error ` + "`boom`" + `,
  then r1 with gauge ` + "`ok`" + ` help ` + "`h`" + ` 1 (` + "`gatherers_inner_error.families`" + ` is the
  number of families returned beside the error); ` + "`two_errors`" + ` – two such
  GathererFuncs failing with ` + "`boom1`" + ` resp. ` + "`boom2`" + `; ` + "`multierror_flattened`" + ` – a
  GathererFunc failing with ` + "`prometheus.MultiError{e1, e2}`" + `, then one failing
  with ` + "`e3`" + `. ` + "`func_metric_panics`" + ` registers a GaugeFunc ` + "`fp`" + ` (help ` + "`h`" + `) whose
  function panics with the string ` + "`func boom`" + ` and calls the registry's Gather
  under a recover in the calling goroutine: the record is the panic value
  (or Gather's error, or ` + "`-`" + `), and ` + "`func_metric_panics.outcome`" + ` says what
  happened: ` + "`panic`" + ` (Gather panicked in the calling goroutine and returned
  nothing), ` + "`error`" + ` or ` + "`ok`" + `.
  Last, the ` + "`wrap_*`" + ` cases register through wrapping Registerers (r2 a fresh
  registry in each): ` + "`wrap_const_label_collision`" + ` – the error of
  ` + "`WrapRegistererWith({a=\"2\"}, r2).Register`" + ` of a counter ` + "`c_total`" + ` (help
  ` + "`C.`" + `, const label a="1"); ` + "`wrap_variable_label_collision`" + ` – the same with
  {l="2"} and a CounterVec ` + "`v_total`" + ` (help ` + "`V.`" + `, variable label l);
  ` + "`wrap_prefix_invalid`" + ` – ` + "`WrapRegistererWithPrefix(\"1\", r2)`" + ` registering a
  counter ` + "`c_total`" + ` (help ` + "`C.`" + `); ` + "`wrap_unregister`" + ` – counter ` + "`w_total`" + ` (help
  ` + "`W.`" + `) registered through ` + "`WrapRegistererWith({env=\"prod\"}, r2)`" + `: the bool
  result of unregistering it through a second, equal wrapper, and as
  ` + "`wrap_unregister.direct`" + ` the result of ` + "`r2.Unregister`" + ` of it without a wrapper
  (called before); ` + "`wrap_already_registered`" + ` – counter ` + "`d_total`" + ` (help ` + "`D.`" + `)
  registered through that env="prod" wrapper, then an equal new counter
  through an equal wrapper: the error, and as
  ` + "`wrap_already_registered.existing`" + ` what its ` + "`ExistingCollector`" + ` is: ` + "`same`" + `
  (the first counter itself), ` + "`wrapper`" + ` (the registry's wrapping collector)
  or its ` + "`%T`" + `; ` + "`wrap_nil_registerer`" + ` – ` + "`WrapRegistererWith({a=\"b\"}, nil).Register`" + `
  of a counter ` + "`c_total`" + ` (help ` + "`C.`" + `).
- ` + "`buckets.tsv`" + ` – ` + "`case, bounds`" + ` of LinearBuckets, ExponentialBuckets,
  ExponentialBucketsRange and DefBuckets, each bound formatted with
  ` + "`strconv.FormatFloat(v, 'g', -1, 64)`" + `, joined by single spaces.
- ` + "`negotiate.tsv`" + ` – ` + "`Accept header, Negotiate, NegotiateIncludingOpenMetrics`" + `:
  the ` + "`expfmt.Format`" + ` strings that ` + "`expfmt.Negotiate`" + ` and
  ` + "`expfmt.NegotiateIncludingOpenMetrics`" + ` return for an ` + "`http.Header`" + ` whose
  Accept value is the first field, written verbatim (none contains a TAB or
  newline, so no escaping applies). The first record, ` + "`-`" + `, is a header
  without an Accept key; the second, with an empty first field, is a present
  but empty Accept value.
- ` + "`metric_text.tsv`" + ` – ` + "`case, kind, hex, text`" + `: golang/protobuf's compact
  text form (` + "`String()`" + `, i.e. ` + "`proto.CompactTextString`" + `, from
  github.com/golang/protobuf 1.3.5) of crafted messages. kind is ` + "`metric`" + `
  (` + "`io.prometheus.client.Metric`" + `) or ` + "`family`" + `
  (` + "`io.prometheus.client.MetricFamily`" + `); hex is the lowercase hex of
  ` + "`proto.Marshal`" + ` of that message, from which Go decodes a message with the
  same text (checked); text is the ` + "`String()`" + `. Both are empty (not ` + "`-`" + `) for an
  empty message. The text never contains a raw TAB or newline (checked), so
  it is written exactly.
- ` + "`native_bounds.tsv`" + ` – ` + "`schema, i, bits`" + `: for each schema s in 1..8 (n = 2^s)
  and i in 1..n-1, the largest float64 b in [0.5, 1) that a native histogram of
  schema s puts into bucket key i-n (the next float64 lands in key i+1-n);
  bits is ` + "`%016x`" + ` of ` + "`math.Float64bits(b)`" + `. Found through the public API only:
  a bisection on the bit patterns between 0.5 (key -n) and 1 (key 0), each
  probe one ` + "`Observe`" + ` into a fresh histogram (bucket factor 2^(2^(0.5-s)),
  default zero threshold) whose key is the offset of the one positive span
  ` + "`Write`" + ` gives; 52 probes per bound and two checks of the result (key i-n for
  b, i+1-n for the next float64), 27108 observations in all. These are
  client_golang's ` + "`nativeHistogramBounds[s][i]`" + ` (index 0 is 0.5 in every
  schema and not listed).
- ` + "`native_schema.tsv`" + ` – ` + "`factor, schema`" + `: the schema that ` + "`Write`" + ` reports for a
  fresh histogram with that NativeHistogramBucketFactor (factor formatted with
  ` + "`strconv.FormatFloat(f, 'g', -1, 64)`" + `); ` + "`none`" + ` where ` + "`Write`" + ` sets no schema
  (factors 1, 0.5, -1: no native histogram).
- ` + "`native_small_values.tsv`" + ` – ` + "`schema, value, key`" + `: for the schemas -1, -2, -3,
  -4 (bucket factor 2^(2^(0.5-s))) and values below 1 (value as ` + "`%g`" + `), the key
  (offset of the one positive span) of one observation into a fresh
  histogram with NativeHistogramZeroThreshold
  ` + "`NativeHistogramZeroThresholdZero`" + ` (threshold 0). client_golang 1.14 computes
  the key at a schema s <= 0 as (e + 2^-s - 1) / 2^-s with Go's integer
  division, which truncates toward zero (e: the ` + "`math.Frexp`" + ` exponent, minus 1
  for an exact power of two). That is ceil(e / 2^-s), the key of later
  releases, where the numerator is >= 0 or divisible by 2^-s; otherwise
  (values below 1 only) it is one more.
- ` + "`native_limits.tsv`" + ` – ` + "`case, step, text`" + `: the bucket-limit strategies, one
  fresh histogram per case, one record after each observation: step is
  ` + "`observe <v>`" + ` (v as ` + "`%g`" + `), text the ` + "`String()`" + ` of the ` + "`dto.Histogram`" + ` that
  ` + "`Write`" + ` gives right after it. NativeHistogramMinResetDuration is 0 unless
  said otherwise. ` + "`widen`" + ` – factor 1.1, NativeHistogramMaxBucketNumber 3,
  NativeHistogramMaxZeroThreshold 0.5: 0.01, 0.02, 0.04, 0.08, 0.3, 0.6, 2, 4;
  ` + "`widen_negative`" + ` – the same options: -0.01, 0.01, -0.02, 0.04, -0.08, 1;
  ` + "`halve`" + ` – factor 1.1, MaxBucketNumber 2, MaxZeroThreshold 0: 1, 2, 4, 8, 16,
  32, 1024, 1e10, 1e100 (schema -4 reached), 1e200 (nothing left to halve);
  ` + "`widen_then_halve`" + ` – factor 1.1, MaxBucketNumber 2, MaxZeroThreshold 0.05:
  0.01, 0.02, 0.04, 1, 2, 3, 5; ` + "`reset`" + ` – factor 1.1, MaxBucketNumber 2,
  MaxZeroThreshold 0, NativeHistogramMinResetDuration 1ns: 1, 2, 4, 8;
  ` + "`classic_and_reset`" + ` – buckets 1, 10, factor 2, MaxBucketNumber 1,
  MinResetDuration 1ns: 0.5, 5, 50, 0.7; ` + "`inf_and_nan`" + ` – factor 1.1,
  MaxBucketNumber 2, MaxZeroThreshold 0: +Inf, -Inf, NaN, 1, 2. In the two
  cases with MinResetDuration 1ns the program sleeps 1ms before each
  observation, so that a reset is due whenever the limit is exceeded, even
  with a coarse clock.

- ` + "`promlint.tsv`" + ` – ` + "`name, type, labels, help, problems`" + `: one crafted family
  per line (its type; the label names of each of its metrics, metrics split
  by ` + "`;`" + `, names by ` + "`,`" + `, every value ` + "`x`" + `; its help, ` + "`-`" + ` for none), and
  what ` + "`promlint.NewWithMetricFamilies`" + ` finds in it alone: each problem as
  ` + "`metric: text`" + `, in Lint's order, joined by ` + "` | `" + ` (` + "`-`" + `: none).
- ` + "`text_parse.tsv`" + ` – ` + "`case, input, outcome`" + `: what ` + "`expfmt.TextParser`" + `'s
  ` + "`TextToMetricFamilies`" + ` (prometheus/common 0.39, a fresh zero parser per case)
  does with a short input (the ` + "`textParseCases`" + ` in golden.go, valid and broken,
  reaching every error site of text_parse.go that can be reached). input is
  the lowercase hex of the input bytes (empty for the empty input). outcome is
  ` + "`ok:`" + ` followed by the lowercase hex of ` + "`proto.Marshal`" + ` of each returned
  ` + "`io.prometheus.client.MetricFamily`" + `, sorted by family name, joined by ` + "`,`" + `
  (` + "`ok:`" + ` alone when there are none; metrics and label pairs stay in the
  parser's order), or ` + "`error:`" + ` followed by the error text (the families Go
  returns beside an error are not recorded).

- ` + "`promlint_text.tsv`" + ` – ` + "`case, hex of an exposition text, outcome`" + `: what
  ` + "`promlint.New`" + ` finds in the text: ` + "`ok:`" + ` and the problems as in
  ` + "`promlint.tsv`" + ` (nothing after ` + "`ok:`" + ` for none), or ` + "`error:`" + ` and Lint's error.

In the TSV files, TAB and newline characters inside a field are written as the
two-character sequences ` + "`\\t`" + ` and ` + "`\\n`" + `; nothing else is escaped.
`

func main() {
	dir := "tests/golden"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail("%v", err)
	}
	writeScenarios(dir)
	writeDescTable(dir)
	writeErrors(dir)
	writeBuckets(dir)
	writeNegotiate(dir)
	writeMetricText(dir)
	writeNativeBounds(dir)
	writeNativeSchema(dir)
	writeNativeSmallValues(dir)
	writeNativeLimits(dir)
	writePromlint(dir)
	writePromlintText(dir)
	writeTextParse(dir)
	writeFile(dir, "README.md", []byte(readme))
}
