package bench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"lotledger"
	"lotledger/bench/baseline"
	"lotledger/gen"
)

// question is one trace or recall asked of every system.
type question struct {
	lots []gen.LotQty
}

// asker answers a question on one system and counts its round trips.
type asker struct {
	name string
	ask  func(ctx context.Context, q question) (answer, error)
	pg   bool // a PostgreSQL system, compared with lotledger on PostgreSQL
	base bool // a baseline: its p50 is compared with lotledger's
}

// answer gives a system's answer in the form every system's is compared
// in. A system's time ends when it has its own answer: a baseline answers
// in that form, while lotledger's scope, trace and recall are turned into
// it by the harness, after the clock stops.
type answer func() *baseline.Answer

// own is a baseline's answer, already in the compared form.
func own(a *baseline.Answer, err error) (answer, error) {
	if err != nil {
		return nil, err
	}
	return func() *baseline.Answer { return a }, nil
}

func (r *run) pickLots(from []gen.LotQty, n, k int, salt uint64) []question {
	rng := rand.New(rand.NewPCG(uint64(r.cfg.Seed), salt))
	qs := make([]question, 0, n)
	for range n {
		if len(from) == 0 {
			break
		}
		q := question{}
		for range min(k, len(from)) {
			q.lots = append(q.lots, from[rng.IntN(len(from))])
		}
		qs = append(qs, q)
	}
	return qs
}

func (r *run) traceAskers(backward bool) []asker {
	dir := "forward"
	if backward {
		dir = "backward"
	}
	var as []asker
	for _, s := range r.systems {
		as = append(as, asker{name: s.name, pg: s.name == "lotledger/postgres", ask: func(ctx context.Context, q question) (answer, error) {
			sc, err := s.store.Scope(ctx, lotledger.ScopeRequest{Lots: refs(q), Direction: dir})
			if err != nil {
				return nil, err
			}
			return func() *baseline.Answer { return scopeAnswer(sc, backward, false) }, nil
		}})
	}
	for _, s := range r.systems {
		as = append(as, asker{name: s.name + " full trace", ask: func(ctx context.Context, q question) (answer, error) {
			t, err := s.store.Trace(ctx, lotledger.TraceRequest{SKU: q.lots[0].Item.SKU, Lot: q.lots[0].Lot, Direction: dir})
			if err != nil {
				return nil, err
			}
			return func() *baseline.Answer { return traceAnswer(t, backward) }, nil
		}})
	}
	for _, b := range r.base {
		as = append(as, asker{name: b.Name(), pg: isPG(b), base: true, ask: func(ctx context.Context, q question) (answer, error) {
			id := r.ml.lots[lotName(q.lots[0].Item.SKU, q.lots[0].Lot)]
			if backward {
				return own(b.Backward(ctx, id))
			}
			return own(b.Forward(ctx, id))
		}})
	}
	return as
}

func isPG(b baseline.System) bool {
	switch b.Name() {
	case "B3 recursive sqlite", "B4 in-memory bfs":
		return false
	}
	return true
}

// traces runs the trace workloads: narrow lots both ways and, forward,
// the silo lots.
func (r *run) traces(w string, backward bool) error {
	as := r.traceAskers(backward)
	if backward {
		return r.ask(w+" narrow", as, r.pickLots(r.lots.narrowBack, r.cfg.Samples, 1, 1), "traces")
	}
	if err := r.ask(w+" narrow", as, r.pickLots(r.lots.narrowFwd, r.cfg.Samples, 1, 2), "traces"); err != nil {
		return err
	}
	return r.ask(w+" silo", as, r.pickLots(r.lots.silo, max(1, r.cfg.Samples/4), 1, 3), "traces")
}

// recalls runs recall-scope with 1, 10 and 100 seed lots: mock recalls on
// lotledger, the scope query on the baselines.
func (r *run) recalls() error {
	var as []asker
	for _, s := range r.systems {
		as = append(as, asker{name: s.name, pg: s.name == "lotledger/postgres", ask: func(ctx context.Context, q question) (answer, error) {
			sc, err := s.store.Scope(ctx, lotledger.ScopeRequest{Lots: refs(q), Direction: "forward"})
			if err != nil {
				return nil, err
			}
			return func() *baseline.Answer { return scopeAnswer(sc, false, true) }, nil
		}})
	}
	for _, s := range r.systems {
		as = append(as, asker{name: s.name + " mock recall", ask: func(ctx context.Context, q question) (answer, error) {
			req := lotledger.RecallRequest{Reason: "bench", Mock: true}
			for _, l := range q.lots {
				req.Lots = append(req.Lots, lotledger.LotRef{SKU: l.Item.SKU, Lot: l.Lot})
			}
			rec, err := s.store.StartRecall(ctx, req)
			if err != nil {
				return nil, err
			}
			return func() *baseline.Answer { return recallAnswer(rec) }, nil
		}})
	}
	for _, b := range r.base {
		as = append(as, asker{name: b.Name(), pg: isPG(b), base: true, ask: func(ctx context.Context, q question) (answer, error) {
			ids := make([]int64, len(q.lots))
			for i, l := range q.lots {
				ids[i] = r.ml.lots[lotName(l.Item.SKU, l.Lot)]
			}
			return own(b.RecallScope(ctx, ids))
		}})
	}
	for i, k := range []int{1, 10, 100} {
		n := max(1, r.cfg.Samples/(10*(i+1)))
		if err := r.ask(fmt.Sprintf("recall-scope %d lots", k), as, r.pickLots(r.lots.all, n, k, uint64(10+k)), "recalls"); err != nil {
			return err
		}
	}
	return nil
}

// ask puts every question to every system within the time budget, records
// the latencies and compares every answer with the first system's.
func (r *run) ask(workload string, as []asker, qs []question, unit string) error {
	want := make([]*baseline.Answer, len(qs))
	var refSQLite, refPG float64
	bad := 0
	for _, a := range as {
		s, p := newSample(), &peak{}
		timedOut := false
		stop := p.watch()
		start := time.Now()
		for i, q := range qs {
			if time.Since(start) > r.cfg.Budget && i > 0 {
				break
			}
			if err := r.ctx.Err(); err != nil {
				stop()
				return err
			}
			t := time.Now()
			qctx, cancel := context.WithTimeout(r.ctx, r.cfg.Budget)
			answered, err := a.ask(qctx, q)
			cancel()
			if err != nil && r.ctx.Err() == nil && errors.Is(qctx.Err(), context.DeadlineExceeded) {
				timedOut = true
				break
			}
			if err != nil {
				stop()
				return fmt.Errorf("%s: %w", a.name, err)
			}
			s.add(time.Since(t), 1)
			got := answered()
			s.trips += got.RoundTrips
			if want[i] == nil {
				want[i] = got
			} else if d := differ(want[i], got); d != "" && bad < 10 {
				bad++
				r.rep.Disagreements = append(r.rep.Disagreements, fmt.Sprintf("%s, %s against %s, lot %s: %s", workload, a.name, as[0].name, lotName(q.lots[0].Item.SKU, q.lots[0].Lot), d))
			}
		}
		stop()
		res := s.result(workload, a.name, unit, time.Since(start))
		res.PeakMB = p.mb()
		switch {
		case timedOut:
			res.Note = fmt.Sprintf("stopped after %d of %d questions: question %d ran past the %s budget", res.N, len(qs), res.N+1, r.cfg.Budget)
		case res.N < len(qs):
			res.Note = fmt.Sprintf("stopped after %d of %d questions: the %s budget ran out", res.N, len(qs), r.cfg.Budget)
		}
		switch {
		case a.name == "lotledger/sqlite":
			refSQLite = res.P50
		case a.name == "lotledger/postgres":
			refPG = res.P50
		case a.base:
			ref := refSQLite
			if a.pg && refPG > 0 || ref == 0 {
				ref = refPG
			}
			if ref > 0 {
				res.Ratio = res.P50 / ref
			}
		}
		r.rep.Results = append(r.rep.Results, res)
		r.logf("%s on %s: %d in %s, p50 %.3f ms", workload, a.name, res.N, time.Since(start).Round(time.Millisecond), res.P50)
	}
	return nil
}

// refs names a question's lots as lotledger does.
func refs(q question) []lotledger.LotRef {
	out := make([]lotledger.LotRef, len(q.lots))
	for i, l := range q.lots {
		out[i] = lotledger.LotRef{SKU: l.Item.SKU, Lot: l.Lot}
	}
	return out
}
