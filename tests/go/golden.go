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
//   - NAME.txt / NAME.pb for each exposition scenario: all gathered families
//     encoded with expfmt.FmtText resp. expfmt.FmtProtoDelim, in Gather order.
//   - desc_ids.tsv: case, id, dimHash, Desc.String(), construction error.
//   - errors.tsv: case, error text of a real registration/gather/constructor
//     call.
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
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
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

func writeFile(dir, name string, data []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		fail("%v", err)
	}
}

func writeScenarios(dir string) {
	for _, s := range scenarios {
		reg := prometheus.NewRegistry()
		s.build(reg)
		mfs, err := reg.Gather()
		if err != nil {
			fail("scenario %s: Gather: %v", s.name, err)
		}
		writeFile(dir, s.name+".txt", encodeAll(mfs, expfmt.FmtText))
		writeFile(dir, s.name+".pb", encodeAll(mfs, expfmt.FmtProtoDelim))
	}
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
	}},
}

func writeErrors(dir string) {
	var buf bytes.Buffer
	for _, c := range errCases {
		err := c.run()
		text := "-"
		if err != nil {
			text = tsvEscape(err.Error())
		} else if !c.allowNil {
			fail("error case %s: expected an error, got nil", c.name)
		}
		fmt.Fprintf(&buf, "%s\t%s\n", c.name, text)
		if c.name == "unregister_then_other_help" {
			// Result of the Unregister call made in that case.
			fmt.Fprintf(&buf, "%s.unregister_result\t%t\n", c.name, unregisterResult)
		}
	}
	writeFile(dir, "errors.tsv", buf.Bytes())
}

// ---------------------------------------------------------------------------

const readme = `# Golden files

Reference output of the Prometheus Go client, used by the Rust port's tests.

Produced by ` + "`tests/go/golden.go`" + ` (run via ` + "`tests/go/regen.sh`" + `) against
client_golang 1.14 / prometheus/common 0.39 (Debian packages).
**Do not edit by hand**; change golden.go and regenerate instead.

- ` + "`NAME.txt`" + ` – all metric families gathered from the registry of scenario
  NAME (counter, gauges, escaping, const_labels, custom_collector, sorting),
  encoded with ` + "`expfmt.FmtText`" + ` in Gather order.
- ` + "`NAME.pb`" + ` – the same families encoded with ` + "`expfmt.FmtProtoDelim`" + `
  (varint length-delimited ` + "`io.prometheus.client.MetricFamily`" + ` messages).
- ` + "`desc_ids.tsv`" + ` – ` + "`case, id, dimHash, Desc.String(), err`" + ` for NewDesc
  calls; id/dimHash as ` + "`0x%016x`" + `, err ` + "`-`" + ` if none.
- ` + "`errors.tsv`" + ` – ` + "`case, error text`" + ` of real registration, Gather and
  NewConstMetric failures (` + "`-`" + ` if the call succeeded), plus the result of the
  Unregister call in ` + "`unregister_then_other_help`" + `.

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
	writeFile(dir, "README.md", []byte(readme))
}
