package gen_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/gen"
	"lotledger/store"
)

// BenchmarkScope answers scopes from the in-memory summary on generated
// history: forward from a harvested lot (narrow), forward from a bulk
// commodity lot (silo), backward from a finished good. The history has
// LOTLEDGER_BENCH_EVENTS events (50,000 unless set).
func BenchmarkScope(b *testing.B) {
	events := 50_000
	if v := os.Getenv("LOTLEDGER_BENCH_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("LOTLEDGER_BENCH_EVENTS: %v", err)
		}
		events = n
	}
	ctx := lotledger.WithUser(context.Background(), "bench")
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "scope.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	g, err := gen.New(gen.Config{Events: events, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if err := g.Master().Load(ctx, s); err != nil {
		b.Fatal(err)
	}
	stages := map[string][]lotledger.LotRef{}
	err = g.Documents(1000, func(body []byte, ops []gen.Op) error {
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		if _, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err != nil {
			return err
		}
		for _, op := range ops {
			if op.Kind == gen.Return {
				continue
			}
			for _, o := range op.Out {
				stages[o.Item.Stage] = append(stages[o.Item.Stage], lotledger.LotRef{SKU: o.Item.SKU, Lot: o.Lot})
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.LoadScope(ctx); err != nil {
		b.Fatal(err)
	}
	// the genealogy index is loaded by the first question, not timed
	if _, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: stages[gen.StageCrop][:1]}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, dir string
		lots      []lotledger.LotRef
	}{
		{"narrow-forward", "forward", stages[gen.StageCrop]},
		{"silo-forward", "forward", stages[gen.StageCommodity]},
		{"narrow-backward", "backward", stages[gen.StageFinished]},
	} {
		b.Run(c.name, func(b *testing.B) {
			if len(c.lots) == 0 {
				b.Skip("no such lots in this history")
			}
			lots := 0
			for i := 0; b.Loop(); i++ {
				// the same spread of lots each run: every 7th, from the first
				l := c.lots[(i*7)%len(c.lots)]
				sc, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: []lotledger.LotRef{l}, Direction: c.dir})
				if err != nil {
					b.Fatal(err)
				}
				lots += len(sc.Lots)
			}
			b.ReportMetric(float64(lots)/float64(b.N), "lots/op")
		})
	}
}
