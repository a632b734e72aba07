package demo_test

import (
	"cmp"
	"context"
	"testing"

	"lotledger"
	"lotledger/store"
)

// allPages reads every page that page(token) returns, from the first.
func allPages[T any](t *testing.T, page func(token string) (*lotledger.Page[T], error)) []T {
	t.Helper()
	var out []T
	for token := ""; ; {
		p, err := page(token)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			return out
		}
		token = p.Next
	}
}

// allEvents reads every event matching f.
func allEvents(t *testing.T, s *store.Store, f lotledger.EventFilter) []lotledger.Event {
	t.Helper()
	f.Limit = lotledger.MaxPageLimit
	return allPages(t, func(token string) (*lotledger.Page[lotledger.Event], error) {
		f.Token = token
		return s.Events(context.Background(), f)
	})
}

// allLots reads every lot matching f.
func allLots(t *testing.T, s *store.Store, f lotledger.LotFilter) []lotledger.Lot {
	t.Helper()
	f.Limit = lotledger.MaxPageLimit
	return allPages(t, func(token string) (*lotledger.Page[lotledger.Lot], error) {
		f.Token = token
		return s.Lots(context.Background(), f)
	})
}

// allStock reads every stock row.
func allStock(t *testing.T, s *store.Store) []lotledger.StockRow {
	t.Helper()
	f := lotledger.StockFilter{PageRequest: lotledger.PageRequest{Limit: lotledger.MaxPageLimit}}
	return allPages(t, func(token string) (*lotledger.Page[lotledger.StockRow], error) {
		f.Token = token
		return s.Stock(context.Background(), f)
	})
}

// onHand sums a lot's stock over all locations.
func onHand(t *testing.T, s *store.Store, sku, lot string) lotledger.Quantity {
	t.Helper()
	d, err := s.Lot(context.Background(), sku, lot)
	if err != nil {
		t.Fatal(err)
	}
	var sum lotledger.Quantity
	for _, r := range d.Stock {
		sum += r.Quantity
	}
	return sum
}

// lastStatusReason returns the reason of the lot's latest status event.
func lastStatusReason(t *testing.T, s *store.Store, ref lotledger.LotRef) string {
	t.Helper()
	d, err := s.Lot(context.Background(), ref.SKU, ref.Lot)
	if err != nil {
		t.Fatal(err)
	}
	reason := ""
	for _, ev := range d.Events {
		if ev.Kind == lotledger.KindStatus {
			reason = ev.Reason
		}
	}
	return reason
}

// traceTo follows LotDetail.Inputs from ref, depth first, and returns the
// path to the first lot of sku, or nil.
func traceTo(t *testing.T, s *store.Store, ref lotledger.LotRef, sku string, seen map[lotledger.LotRef]bool) []lotledger.LotRef {
	t.Helper()
	if ref.SKU == sku {
		return []lotledger.LotRef{ref}
	}
	if seen[ref] {
		return nil
	}
	seen[ref] = true
	d, err := s.Lot(context.Background(), ref.SKU, ref.Lot)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range d.Inputs {
		if path := traceTo(t, s, lotledger.LotRef{SKU: in.SKU, Lot: in.Lot}, sku, seen); path != nil {
			return append([]lotledger.LotRef{ref}, path...)
		}
	}
	return nil
}

func compareRefs(a, b lotledger.LotRef) int {
	return cmp.Or(cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Lot, b.Lot))
}
