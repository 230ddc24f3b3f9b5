// Package gobench measures client_golang on the standard workloads of
// shared/bench/WORKLOADS.md, so that its figures can be set side by side
// with the Rust port (promreg), which builds the very same registries.
package gobench

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// workloads lists the workload names in the order of WORKLOADS.md.
var workloads = []string{
	"counter_vec_10k",
	"histogram_vec_1k",
	"summary_vec_100",
	"collectors_100x100",
	"const_exporter_10k",
	"native_histogram_vec_1k",
}

// nativeScales are the powers of ten of native_histogram_vec_1k's values.
var nativeScales = [6]float64{1e-4, 1e-3, 1e-2, 1e-1, 1, 10}

// constExporter is the exporter pattern: one Desc, and 10,000 const gauge
// metrics built afresh on every Collect.
type constExporter struct {
	desc *prometheus.Desc
}

func (c *constExporter) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *constExporter) Collect(ch chan<- prometheus.Metric) {
	for k := 0; k < 10000; k++ {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(k),
			"d"+strconv.Itoa(k/100), "t"+strconv.Itoa(k%100))
	}
}

// buildRegistry builds the registry of one workload, exactly as WORKLOADS.md
// (and the Rust side) define it.
func buildRegistry(workload string) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	switch workload {
	case "counter_vec_10k":
		v := prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "Total HTTP requests.",
		}, []string{"code", "method"})
		for k := 0; k < 10000; k++ {
			v.WithLabelValues("c"+strconv.Itoa(k/100), "m"+strconv.Itoa(k%100)).Add(float64(k))
		}
		reg.MustRegister(v)
	case "histogram_vec_1k":
		v := prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "request_duration_seconds", Help: "Request latency.",
			Buckets: prometheus.DefBuckets,
		}, []string{"handler"})
		for k := 0; k < 1000; k++ {
			h := v.WithLabelValues("h" + strconv.Itoa(k))
			for j := 0; j < 10; j++ {
				h.Observe(float64(k%97+j) * 0.013)
			}
		}
		reg.MustRegister(v)
	case "native_histogram_vec_1k":
		// Issue 11's workload (see benches/workloads.rs): native buckets
		// only, factor 1.1, 100 values per series over six decades.
		v := prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "request_duration_seconds", Help: "Request latency.",
			NativeHistogramBucketFactor: 1.1,
		}, []string{"handler"})
		for k := 0; k < 1000; k++ {
			h := v.WithLabelValues("h" + strconv.Itoa(k))
			for j := 0; j < 100; j++ {
				h.Observe(float64((k*31+j*17)%90+10) * nativeScales[(k+j)%6])
			}
		}
		reg.MustRegister(v)
	case "summary_vec_100":
		v := prometheus.NewSummaryVec(prometheus.SummaryOpts{
			Name: "rpc_latency_seconds", Help: "RPC latency.",
			Objectives: map[float64]float64{0.5: 0.05, 0.9: 0.01, 0.99: 0.001},
			// MaxAge left zero: the default (prometheus.DefMaxAge, 10m).
		}, []string{"service"})
		for k := 0; k < 100; k++ {
			s := v.WithLabelValues("s" + strconv.Itoa(k))
			for j := 0; j < 1000; j++ {
				s.Observe(float64((k*1000+j)%1009) * 0.001)
			}
		}
		reg.MustRegister(v)
	case "collectors_100x100":
		for f := 0; f < 100; f++ {
			v := prometheus.NewGaugeVec(prometheus.GaugeOpts{
				Name: "gauge_family_" + strconv.Itoa(f),
				Help: "Gauge family " + strconv.Itoa(f) + ".",
			}, []string{"instance"})
			for i := 0; i < 100; i++ {
				v.WithLabelValues("i" + strconv.Itoa(i)).Set(float64(f*100+i) * 0.5)
			}
			reg.MustRegister(v)
		}
	case "const_exporter_10k":
		desc := prometheus.NewDesc("table_rows", "Rows per table.", []string{"db", "table"}, nil)
		reg.MustRegister(&constExporter{desc: desc})
	default:
		panic("unknown workload " + workload)
	}
	return reg
}

// encode writes families to buf in format f.
func encode(buf *bytes.Buffer, f expfmt.Format, mfs []*dto.MetricFamily) error {
	enc := expfmt.NewEncoder(buf, f)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkGather(b *testing.B) {
	for _, w := range workloads {
		reg := buildRegistry(w)
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := reg.Gather(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchGatherEncode(b *testing.B, f expfmt.Format) {
	for _, w := range workloads {
		reg := buildRegistry(w)
		b.Run(w, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				mfs, err := reg.Gather()
				if err != nil {
					b.Fatal(err)
				}
				if err := encode(&buf, f, mfs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGatherText(b *testing.B)  { benchGatherEncode(b, expfmt.FmtText) }
func BenchmarkGatherProto(b *testing.B) { benchGatherEncode(b, expfmt.FmtProtoDelim) }

// contended runs body on exactly two goroutines. RunParallel starts
// SetParallelism(p) * GOMAXPROCS goroutines; with parallelism 1 and
// GOMAXPROCS = 2 (this 2-core machine, or go test -cpu 2) that is exactly
// two. GOMAXPROCS is pinned to 2 for the duration, whatever the machine.
func contended(b *testing.B, body func()) {
	prev := runtime.GOMAXPROCS(2)
	defer runtime.GOMAXPROCS(prev)
	b.SetParallelism(1)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body()
		}
	})
}

func BenchmarkHotPaths(b *testing.B) {
	counter := prometheus.NewCounter(prometheus.CounterOpts{Name: "c", Help: "c"})
	histogram := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "h", Help: "h", Buckets: prometheus.DefBuckets,
	})
	vec := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "v", Help: "v"}, []string{"code", "method"})
	vec.WithLabelValues("200", "get") // the series exists before timing

	b.Run("counter_inc", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			counter.Inc()
		}
	})
	b.Run("histogram_observe", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			histogram.Observe(0.42)
		}
	})
	b.Run("with_label_values_hit", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			vec.WithLabelValues("200", "get")
		}
	})
	exemplar := prometheus.Labels{"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"}
	b.Run("counter_inc_with_exemplar", func(b *testing.B) {
		b.ReportAllocs()
		adder := counter.(prometheus.ExemplarAdder)
		for i := 0; i < b.N; i++ {
			adder.AddWithExemplar(1, exemplar)
		}
	})
	b.Run("histogram_observe_with_exemplar", func(b *testing.B) {
		b.ReportAllocs()
		observer := histogram.(prometheus.ExemplarObserver)
		for i := 0; i < b.N; i++ {
			observer.ObserveWithExemplar(0.42, exemplar)
		}
	})
	native := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "n", Help: "n", NativeHistogramBucketFactor: 1.1,
	})
	b.Run("native_histogram_observe", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			native.Observe(0.42)
		}
	})
	// Contended variants: two goroutines share one metric (see contended).
	b.Run("counter_inc_contended", func(b *testing.B) {
		contended(b, func() { counter.Inc() })
	})
	b.Run("histogram_observe_contended", func(b *testing.B) {
		contended(b, func() { histogram.Observe(0.42) })
	})
	b.Run("with_label_values_hit_contended", func(b *testing.B) {
		contended(b, func() { vec.WithLabelValues("200", "get") })
	})
}

// BenchmarkScaling is the throughput-against-threads table's Go column:
// run with -cpu 1,2,4,8, RunParallel starts one goroutine per GOMAXPROCS
// (parallelism 1), all on one shared metric, and ns/op is wall time over
// the operations of all of them, so 1e9/ns is operations per second.
func BenchmarkScaling(b *testing.B) {
	counter := prometheus.NewCounter(prometheus.CounterOpts{Name: "c", Help: "c"})
	histogram := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "h", Help: "h", Buckets: prometheus.DefBuckets,
	})
	vec := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "v", Help: "v"}, []string{"code", "method"})
	vec.WithLabelValues("200", "get")
	parallel := func(b *testing.B, body func()) {
		b.SetParallelism(1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				body()
			}
		})
	}
	b.Run("counter_inc", func(b *testing.B) { parallel(b, func() { counter.Inc() }) })
	b.Run("histogram_observe", func(b *testing.B) { parallel(b, func() { histogram.Observe(0.42) }) })
	b.Run("with_label_values_hit", func(b *testing.B) {
		parallel(b, func() { vec.WithLabelValues("200", "get").Inc() })
	})
}

// TestTextBytes prints the size of one text-format gather per workload,
// as "textbytes <workload> <n>", for comparison with the Rust side.
func TestTextBytes(t *testing.T) {
	for _, w := range workloads {
		reg := buildRegistry(w)
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatalf("%s: Gather: %v", w, err)
		}
		var buf bytes.Buffer
		if err := encode(&buf, expfmt.FmtText, mfs); err != nil {
			t.Fatalf("%s: encode: %v", w, err)
		}
		t.Logf("textbytes %s %d", w, buf.Len())
		fmt.Printf("textbytes %s %d\n", w, buf.Len())
	}
}
