package gen_test

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/gen"
	"lotledger/internal/storetest"
	"lotledger/store"
)

func digest(t *testing.T, cfg gen.Config) [32]byte {
	t.Helper()
	g, err := gen.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if err := g.Documents(1000, func(doc []byte, _ []gen.Op) error { h.Write(doc); return nil }); err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

func TestGenerate_SameSeedSameHistory(t *testing.T) {
	a := digest(t, gen.Config{Events: 5000, Seed: 7})
	if b := digest(t, gen.Config{Events: 5000, Seed: 7}); a != b {
		t.Fatal("two runs with seed 7 differ")
	}
	if c := digest(t, gen.Config{Events: 5000, Seed: 8}); a == c {
		t.Fatal("seeds 7 and 8 gave the same history")
	}
}

func TestConfig_RefusesImpossibleSizes(t *testing.T) {
	for _, c := range []struct {
		cfg   gen.Config
		field string
	}{
		{gen.Config{Events: 10}, "events"},
		{gen.Config{Events: gen.MaxEvents + 1}, "events"},
		{gen.Config{Events: 5000, Days: 3}, "days"},
	} {
		_, err := gen.New(c.cfg)
		if e := lotledger.AsError(err); e == nil || e.Field != c.field {
			t.Errorf("%+v: got %v, want an error naming %s", c.cfg, err, c.field)
		}
	}
}

// TestGenerate_LedgerAcceptsEveryEvent is the generator's contract: every
// document is valid EPCIS 2.0 and the ledger applies every event, so the
// history never oversells a lot or moves one past its expiry.
func TestGenerate_LedgerAcceptsEveryEvent(t *testing.T) {
	ctx := lotledger.WithUser(context.Background(), "gen")
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "gen.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, err := gen.New(gen.Config{Events: 20_000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Master().Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	kinds := map[gen.Kind]int{}
	var made []lotledger.LotRef
	err = g.Documents(1000, func(body []byte, ops []gen.Op) error {
		if len(made) > 0 && len(made) < 3000 {
			// the scope summary is first built here and then follows capture
			if _, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: made[:1]}); err != nil {
				return err
			}
		}
		if err := epcis.Validate(body); err != nil {
			return err
		}
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		job, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
		if err != nil {
			return err
		}
		want := 0
		for _, op := range ops {
			kinds[op.Kind]++
			if op.Kind != gen.Return {
				for _, o := range op.Out {
					made = append(made, lotledger.LotRef{SKU: o.Item.SKU, Lot: o.Lot})
				}
			}
			if op.Kind != gen.Cool {
				want++
			}
		}
		if job.Stored != len(ops) || job.Applied != want {
			t.Errorf("document stored %d and applied %d events; want %d and %d", job.Stored, job.Applied, len(ops), want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("events by kind: %v", kinds)
	for k := gen.Harvest; k <= gen.Expire; k++ {
		if kinds[k] == 0 {
			t.Errorf("no %s event in 20,000", k)
		}
	}
	if v, err := s.Verify(ctx); err != nil || !v.OK {
		t.Fatalf("verify: %+v %v", v, err)
	}
	checkScopes(t, ctx, s, made)
	// What capture projected live (with its read-ahead of lots and stock)
	// is what replaying the ledger projects.
	live := storetest.Snapshot(t, s.DB())
	if err := s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := storetest.Snapshot(t, s.DB()); rebuilt != live {
		t.Fatal("projections after rebuild differ from those capture wrote")
	}
}

// checkScopes compares the in-memory scope of lots with what their full
// trace, read from the database, says.
func checkScopes(t *testing.T, ctx context.Context, s *store.Store, lots []lotledger.LotRef) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	for range 150 {
		l := lots[rng.IntN(len(lots))]
		for _, dir := range []string{"forward", "backward"} {
			sc, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: []lotledger.LotRef{l}, Direction: dir})
			if err != nil {
				t.Fatal(err)
			}
			tr, err := s.Trace(ctx, lotledger.TraceRequest{SKU: l.SKU, Lot: l.Lot, Direction: dir})
			if err != nil {
				t.Fatal(err)
			}
			if msg := scopeOrder(sc); msg != "" {
				t.Fatalf("%s %s %s: %s", dir, l.SKU, l.Lot, msg)
			}
			if got, want := scopeText(sc), traceText(tr); got != want {
				t.Fatalf("%s %s %s: scope\n%s\ntrace\n%s", dir, l.SKU, l.Lot, got, want)
			}
		}
	}
}

// scopeOrder says which of a scope's lists is out of the order the API
// promises, if any: lots by SKU and code; suppliers by party, then lot;
// customers by customer, then lot; stock by lot, then location.
func scopeOrder(sc *lotledger.Scope) string {
	lot := func(a, b lotledger.LotRef) int { return cmp.Or(cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Lot, b.Lot)) }
	switch {
	case !slices.IsSortedFunc(sc.Lots, lot):
		return "lots out of order"
	case !slices.IsSortedFunc(sc.Suppliers, func(a, b lotledger.ScopeSupplier) int {
		return cmp.Or(cmp.Compare(a.Party, b.Party), lot(a.Lot, b.Lot))
	}):
		return "suppliers out of order"
	case !slices.IsSortedFunc(sc.Customers, func(a, b lotledger.ScopeCustomer) int {
		return cmp.Or(cmp.Compare(a.Customer, b.Customer), lot(a.Lot, b.Lot))
	}):
		return "customers out of order"
	case !slices.IsSortedFunc(sc.Stock, func(a, b lotledger.ScopeStock) int {
		return cmp.Or(lot(a.Lot, b.Lot), cmp.Compare(a.Location, b.Location))
	}):
		return "stock out of order"
	}
	return ""
}

func scopeText(sc *lotledger.Scope) string {
	var lines []string
	for _, l := range sc.Lots {
		lines = append(lines, "lot "+l.SKU+"|"+l.Lot)
	}
	for _, p := range sc.Suppliers {
		lines = append(lines, "supplier "+p.Party+" "+p.Lot.SKU+"|"+p.Lot.Lot)
	}
	for _, c := range sc.Customers {
		lines = append(lines, fmt.Sprintf("customer %s %s|%s %d", c.Customer, c.Lot.SKU, c.Lot.Lot, c.Quantity))
	}
	for _, st := range sc.Stock {
		lines = append(lines, fmt.Sprintf("stock %s|%s %s %d", st.Lot.SKU, st.Lot.Lot, st.Location, st.Quantity))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func traceText(tr *lotledger.Trace) string {
	var lines []string
	for _, l := range tr.Lots {
		lines = append(lines, "lot "+l.SKU+"|"+l.Code)
		for _, st := range l.Stock {
			lines = append(lines, fmt.Sprintf("stock %s|%s %s %d", st.SKU, st.Lot, st.Location, st.Quantity))
		}
	}
	seen := map[string]bool{}
	for _, p := range tr.Suppliers {
		if k := "supplier " + p.Party + " " + p.Lot.SKU + "|" + p.Lot.Lot; !seen[k] {
			seen[k] = true
			lines = append(lines, k)
		}
	}
	net := map[string]lotledger.Quantity{}
	for _, sh := range tr.Shipments {
		net[sh.Customer+" "+sh.Lot.SKU+"|"+sh.Lot.Lot] += sh.Quantity
	}
	for k, q := range net {
		if q != 0 {
			lines = append(lines, fmt.Sprintf("customer %s %d", k, q))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
