package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Result is one workload on one system.
type Result struct {
	Workload   string  `json:"workload"`
	System     string  `json:"system"` // lotledger/sqlite, lotledger/postgres, or a baseline
	N          int     `json:"n"`      // operations measured
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
	Max        float64 `json:"max_ms"`
	Throughput float64 `json:"throughput"` // Unit per second
	Unit       string  `json:"unit"`       // events, traces, recalls, requests
	PeakMB     float64 `json:"peak_mb"`    // the Go heap's peak during the workload
	RoundTrips float64 `json:"round_trips,omitempty"`
	Ratio      float64 `json:"ratio,omitempty"` // p50 of this system / p50 of lotledger on the same database family
	Note       string  `json:"note,omitempty"`
}

// sample gathers the latencies of one workload on one system.
type sample struct {
	d     []time.Duration
	trips int
	start time.Time
	units int // how many Unit the operations handled (events for captures)
}

func newSample() *sample { return &sample{start: time.Now()} }

func (s *sample) add(d time.Duration, units int) {
	s.d = append(s.d, d)
	s.units += units
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// result summarises the sample. Throughput counts units over the wall time
// since the sample began.
func (s *sample) result(workload, system, unit string, wall time.Duration) Result {
	r := Result{Workload: workload, System: system, N: len(s.d), Unit: unit}
	if len(s.d) == 0 {
		return r
	}
	slices.Sort(s.d)
	at := func(p float64) time.Duration { return s.d[min(len(s.d)-1, int(p*float64(len(s.d))))] }
	r.P50, r.P99, r.Max = ms(at(0.50)), ms(at(0.99)), ms(s.d[len(s.d)-1])
	if wall > 0 {
		r.Throughput = float64(s.units) / wall.Seconds()
	}
	if s.trips > 0 {
		r.RoundTrips = float64(s.trips) / float64(len(s.d))
	}
	return r
}

// printTable writes the results as an aligned table.
func printTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tsystem\tn\tp50 ms\tp99 ms\tmax ms\tthroughput\tpeak MB\ttrips\tvs lotledger\t")
	for _, r := range results {
		ratio, trips := "", ""
		if r.Ratio > 0 {
			ratio = fmt.Sprintf("%.0f×", r.Ratio)
			if r.Ratio < 10 {
				ratio = fmt.Sprintf("%.1f×", r.Ratio)
			}
		}
		if r.RoundTrips > 0 {
			trips = fmt.Sprintf("%.0f", r.RoundTrips)
		}
		tp := ""
		if r.Throughput > 0 {
			tp = fmt.Sprintf("%.0f %s/s", r.Throughput, r.Unit)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%s\t%.0f\t%s\t%s\t\n", r.Workload, r.System, r.N, r.P50, r.P99, r.Max, tp, r.PeakMB, trips, ratio)
	}
	tw.Flush()
	for _, r := range results {
		if r.Note != "" {
			fmt.Fprintf(w, "  %s / %s: %s\n", r.Workload, r.System, strings.TrimSpace(r.Note))
		}
	}
}
