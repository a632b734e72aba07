package bench

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lotledger/epcis"
	"lotledger/gen"
	lhttp "lotledger/http"
)

// serve starts lotledger's real HTTP server for a system on loopback.
func (r *run) serve(s *system) *httptest.Server {
	srv := lhttp.NewServer(s.store, lhttp.Options{EPCIS: s.store, Capture: s.store, CaptureOptions: epcis.CaptureOptions{CreateLots: true}})
	return httptest.NewServer(srv.Handler())
}

func client() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024}, Timeout: 30 * time.Second}
}

// observation is a one-event EPCIS document: a temperature reading of a
// lot, which stores an event and changes no stock, so that any number of
// them can be captured at once in any order.
func observation(lq gen.LotQty, n uint64, at *gen.Site, now time.Time) []byte {
	op := gen.Op{Kind: gen.Cool, ID: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012x", n), Time: now, At: at, Temp: 4.5,
		In: []gen.LotQty{{Item: lq.Item, Lot: lq.Lot, Qty: 1}}}
	b := gen.DocumentHeader(nil, now)
	b = op.AppendEPCIS(b)
	return gen.DocumentFooter(b)
}

var observationSeq atomic.Uint64

func (r *run) post(c *http.Client, base string, body []byte) error {
	resp, err := c.Post(base+"/epcis/capture", "application/ld+json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("capture answered %s", resp.Status)
	}
	return nil
}

func (r *run) get(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s answered %s", u, resp.Status)
	}
	return nil
}

// captureSingle posts one-event documents from 16 concurrent clients.
func (r *run) captureSingle() error {
	const clients = 16
	total := min(max(r.cfg.Samples*10, 200), 5000)
	site := r.anySite()
	for _, s := range r.systems {
		ts := r.serve(s)
		c := client()
		smp, p := newSample(), &peak{}
		var mu sync.Mutex
		var firstErr error
		stop := p.watch()
		start := time.Now()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for i := next.Add(1); i <= int64(total) && r.ctx.Err() == nil; i = next.Add(1) {
					lq := r.lots.all[int(i)%len(r.lots.all)]
					body := observation(lq, observationSeq.Add(1), site, time.Now().UTC())
					t := time.Now()
					err := r.post(c, ts.URL, body)
					mu.Lock()
					if err != nil && firstErr == nil {
						firstErr = err
					}
					smp.add(time.Since(t), 1)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		stop()
		ts.Close()
		if firstErr != nil {
			return fmt.Errorf("%s: %w", s.name, firstErr)
		}
		res := smp.result("capture-single", s.name, "events", time.Since(start))
		res.PeakMB = p.mb()
		res.Note = fmt.Sprintf("%d clients over HTTP, one event a document, each its own durable commit", clients)
		r.rep.Results = append(r.rep.Results, res)
		r.logf("capture-single on %s: %.0f events/s, p99 %.2f ms", s.name, res.Throughput, res.P99)
	}
	return nil
}

func (r *run) anySite() *gen.Site { return r.sites[0] }

// apiMixed offers an open-loop load at rising rates — 80% lot lookups, 15%
// narrow traces, 5% captures — and reports, per rate, the read latency
// measured from when each request was due (so a backlog counts).
func (r *run) apiMixed() error {
	rates := []int{100, 250, 500, 1000, 2000, 4000, 8000, 16000}
	step := r.cfg.RateStep
	for _, s := range r.systems {
		ts := r.serve(s)
		c := client()
		best := 0
		for _, rate := range rates {
			if r.ctx.Err() != nil {
				break
			}
			res, err := r.openLoop(s, ts.URL, c, rate, step)
			if err != nil {
				ts.Close()
				return fmt.Errorf("%s: %w", s.name, err)
			}
			r.rep.Results = append(r.rep.Results, res)
			r.logf("api-mixed on %s at %d/s: %.0f/s done, read p99 %.2f ms", s.name, rate, res.Throughput, res.P99)
			if res.P99 > 10 || res.Throughput < 0.9*float64(rate) {
				break
			}
			best = rate
		}
		ts.Close()
		r.rep.Results = append(r.rep.Results, Result{Workload: "api-mixed", System: s.name, Throughput: float64(best), Unit: "requests",
			Note: fmt.Sprintf("highest offered rate held with read p99 <= 10 ms: %d requests/s", best)})
	}
	return nil
}

func (r *run) openLoop(s *system, base string, c *http.Client, rate int, d time.Duration) (Result, error) {
	rng := rand.New(rand.NewPCG(uint64(r.cfg.Seed), uint64(rate)))
	n := int(d.Seconds() * float64(rate))
	interval := time.Second / time.Duration(rate)
	reads := newSample()
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2048)
	p := &peak{}
	stop := p.watch()
	start := time.Now()
	site := r.anySite()
	for i := range n {
		due := start.Add(time.Duration(i) * interval)
		if w := time.Until(due); w > 0 {
			time.Sleep(w)
		}
		kind := rng.IntN(100)
		var lq gen.LotQty
		if kind < 80 {
			lq = r.lots.all[rng.IntN(len(r.lots.all))]
		} else {
			lq = r.lots.narrowBack[rng.IntN(len(r.lots.narrowBack))]
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var err error
			lot := base + "/api/v1/lots/" + url.PathEscape(lq.Item.SKU) + "/" + url.PathEscape(lq.Lot)
			switch {
			case kind < 80:
				err = r.get(c, lot)
			case kind < 95:
				err = r.get(c, lot+"/trace?direction=backward")
			default:
				err = r.post(c, base, observation(lq, observationSeq.Add(1), site, time.Now().UTC()))
			}
			took := time.Since(due)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && firstErr == nil {
				firstErr = err
			}
			if kind < 95 {
				reads.add(took, 1)
			}
		})
	}
	wg.Wait()
	stop()
	res := reads.result(fmt.Sprintf("api-mixed %d/s", rate), s.name, "requests", time.Since(start))
	res.Throughput = float64(n) / time.Since(start).Seconds()
	res.PeakMB = p.mb()
	res.Note = ""
	return res, firstErr
}

// coldStart runs the lotledger binary as a new process to answer one
// question, and reports the time from start to answer and the resident
// memory: a full trace (which loads the genealogy index), and a scope (which
// loads the genealogy index and the scope summary, from its snapshot).
func (r *run) coldStart() error {
	if r.cfg.Executable == "" {
		r.rep.Results = append(r.rep.Results, Result{Workload: "cold-start", System: "lotledger", Note: "skipped: needs the lotledger binary (run from lotledger bench)"})
		return nil
	}
	lq := r.lots.narrowBack[0]
	for _, s := range r.systems {
		for _, q := range []struct{ workload, command, note string }{
			{"cold-start", "trace", "open the database, load the genealogy index (%d lots), answer one full trace"},
			{"cold-start scope", "scope", "open the database, load the genealogy index (%d lots) and the scope summary, answer one scope"},
		} {
			smp := newSample()
			var rss int64
			for range 3 {
				cmd := exec.CommandContext(r.ctx, r.cfg.Executable, q.command, "--direction", "backward", lq.Item.SKU, lq.Lot)
				cmd.Env = append(os.Environ(), "LOTLEDGER_DB="+s.dsn, "LOTLEDGER_PRINT_PEAK_RSS=1")
				var stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = io.Discard, &stderr
				t := time.Now()
				if err := cmd.Run(); err != nil {
					return fmt.Errorf("%s: %v: %s", s.name, err, stderr.String())
				}
				smp.add(time.Since(t), 1)
				for _, line := range strings.Split(stderr.String(), "\n") {
					if v, ok := strings.CutPrefix(line, "peak_rss_kb "); ok {
						kb, _ := strconv.ParseInt(v, 10, 64)
						rss = max(rss, kb)
					}
				}
			}
			res := smp.result(q.workload, s.name, "starts", 0)
			res.PeakMB = float64(rss) / 1024
			res.Note = "a new process: " + fmt.Sprintf(q.note, len(r.ml.d.Lots)) + "; peak MB is resident memory"
			r.rep.Results = append(r.rep.Results, res)
		}
	}
	return nil
}
