package bench

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"lotledger/bench/baseline"
	"lotledger/epcis"
	"lotledger/gen"
)

// lotCatalog is what the trace workloads draw their lots from.
type lotCatalog struct {
	narrowBack []gen.LotQty // finished goods: a few levels of ancestors
	narrowFwd  []gen.LotQty // harvested lots: a few descendants and customers
	silo       []gen.LotQty // bulk commodity lots shared by thousands of outputs
	all        []gen.LotQty
}

func (c *lotCatalog) add(op *gen.Op) {
	for _, lq := range op.Out {
		if op.Kind == gen.Return {
			return
		}
		lq.Qty = 0
		c.all = append(c.all, lq)
		switch lq.Item.Stage {
		case gen.StageFinished:
			c.narrowBack = append(c.narrowBack, lq)
		case gen.StageCrop:
			c.narrowFwd = append(c.narrowFwd, lq)
		case gen.StageCommodity:
			c.silo = append(c.silo, lq)
		}
	}
}

// load generates the history and captures it, document by document, into
// every lotledger system (the capture-batch workload), then loads the same
// history into the baselines.
func (r *run) load() error {
	g, err := gen.New(gen.Config{Events: r.cfg.Events, Seed: r.cfg.Seed})
	if err != nil {
		return err
	}
	for _, s := range r.systems {
		if err := g.Master().Load(r.ctx, s.store); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	r.ml = newMoveLines(g.Master())
	r.sites = g.Master().Sites
	samples := make([]*sample, len(r.systems))
	peaks := make([]*peak, len(r.systems))
	for i := range samples {
		samples[i], peaks[i] = newSample(), &peak{}
	}
	var busy = make([]time.Duration, len(r.systems))
	start, done := time.Now(), 0
	err = g.Documents(1000, func(body []byte, ops []gen.Op) error {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		for i, s := range r.systems {
			t := time.Now()
			stop := peaks[i].watch()
			if err := capture(r, s, body); err != nil {
				return fmt.Errorf("%s: capture document ending at event %d: %w", s.name, ops[len(ops)-1].Seq, err)
			}
			stop()
			d := time.Since(t)
			busy[i] += d
			samples[i].add(d, len(ops))
			if err := s.store.FollowScope(r.ctx, done+len(ops)); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		for k := range ops {
			r.ml.add(&ops[k])
			r.lots.add(&ops[k])
		}
		done += len(ops)
		r.progress("generate and capture", done, r.cfg.Events, start)
		return nil
	})
	if err != nil {
		return err
	}
	for i, s := range r.systems {
		res := samples[i].result("capture-batch", s.name, "events", busy[i])
		res.PeakMB = peaks[i].mb()
		res.Note = "documents of 1,000 events: validate, decode, capture, durable commit; latency per document"
		r.rep.Results = append(r.rep.Results, res)
	}
	for _, s := range r.systems {
		t := time.Now()
		if err := s.store.Optimize(r.ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		r.logf("%s: planner statistics refreshed in %s", s.name, time.Since(t).Round(time.Millisecond))
		t = time.Now()
		if _, err := s.store.SaveScope(r.ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		r.logf("%s: scope snapshot saved in %s", s.name, time.Since(t).Round(time.Millisecond))
	}
	r.rep.Lots, r.rep.MoveLines = len(r.ml.d.Lots), len(r.ml.d.Lines)
	if r.cfg.Baselines {
		if err := r.loadBaselines(); err != nil {
			return err
		}
	}
	// The baselines hold what they loaded; the move lines themselves would
	// only weigh on the garbage collector of the process that serves the
	// HTTP workloads.
	r.ml.d.Lines, r.ml.d.Consumes = nil, nil
	return nil
}

func capture(r *run, s *system, body []byte) error {
	if err := epcis.Validate(body); err != nil {
		return err
	}
	doc, err := epcis.DecodeDocument(body)
	if err != nil {
		return err
	}
	_, err = s.store.Capture(r.ctx, doc, epcis.CaptureOptions{CreateLots: true})
	return err
}

// progress prints a progress line with the rate and the time left, at most
// about once a second.
func (r *run) progress(what string, done, total int, start time.Time) {
	el := time.Since(start)
	if done < total && done%20_000 != 0 {
		return
	}
	rate := float64(done) / el.Seconds()
	eta := time.Duration(float64(total-done) / rate * float64(time.Second))
	r.logf("%s: %d/%d events (%.0f%%), %.0f events/s, %s left", what, done, total, 100*float64(done)/float64(total), rate, eta.Round(time.Second))
}

// loadBaselines builds each baseline in its own schema or file.
func (r *run) loadBaselines() error {
	if r.cfg.PostgresDSN != "" {
		db, err := sql.Open("pgx", withParam(r.cfg.PostgresDSN, "jit=off"))
		if err != nil {
			return err
		}
		r.base = append(r.base,
			baseline.NewOdooWalk(db, r.cfg.Schema+"_baseline_b1", false),
			baseline.NewOdooWalk(db, r.cfg.Schema+"_baseline_b1_tuned", true),
			baseline.NewRecursivePG(db, r.cfg.Schema+"_baseline_b2"))
	}
	b3, err := baseline.NewRecursiveSQLite(filepath.Join(r.cfg.Dir, "lotledger-baseline-b3.db"))
	if err != nil {
		return err
	}
	r.base = append(r.base, b3, baseline.NewMemoryBFS())
	for _, b := range r.base {
		t := time.Now()
		if err := b.Load(r.ctx, &r.ml.d); err != nil {
			return fmt.Errorf("load %s: %w", b.Name(), err)
		}
		r.logf("loaded %s: %d move lines in %s", b.Name(), len(r.ml.d.Lines), time.Since(t).Round(time.Millisecond))
	}
	return nil
}
