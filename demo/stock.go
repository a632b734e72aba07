package demo

import (
	"cmp"
	"fmt"
	"slices"

	"lotledger"
)

// stock mirrors the store's stock on hand, fed only from the moves of the
// events the store returned. The loader plans every move from this mirror, so
// it never asks for more than the store holds, and first-expired-first-out
// allocations made by the store are followed exactly.
type stock struct {
	qty  map[string]map[lotledger.LotRef]lotledger.Quantity // location → lot → quantity
	lots map[lotledger.LotRef]*lotState
}

// lotState is what the loader needs to know of a lot to plan with it.
type lotState struct {
	expires lotledger.Date
	status  string
	seq     int64 // the event that created it: ties in expiry go oldest first
}

func newStock() *stock {
	return &stock{
		qty:  make(map[string]map[lotledger.LotRef]lotledger.Quantity),
		lots: make(map[lotledger.LotRef]*lotState),
	}
}

// apply records the lots, moves and status change of one event.
func (s *stock) apply(ev *lotledger.Event) {
	for _, nl := range ev.Lots {
		status := nl.Status
		if status == "" {
			status = lotledger.StatusReleased
		}
		s.lots[lotledger.LotRef{SKU: nl.SKU, Lot: nl.Lot}] = &lotState{expires: nl.Expires, status: status, seq: ev.Seq}
	}
	for _, m := range ev.Moves {
		s.add(m.Location, lotledger.LotRef{SKU: m.SKU, Lot: m.Lot}, m.Quantity)
	}
	if st := ev.Status; st != nil {
		if ls := s.lots[lotledger.LotRef{SKU: st.SKU, Lot: st.Lot}]; ls != nil {
			ls.status = st.To
		}
	}
}

func (s *stock) add(loc string, ref lotledger.LotRef, q lotledger.Quantity) {
	at := s.qty[loc]
	if at == nil {
		at = make(map[lotledger.LotRef]lotledger.Quantity)
		s.qty[loc] = at
	}
	at[ref] += q
	if at[ref] == 0 {
		delete(at, ref)
	}
}

// usable reports whether a lot may move on day without an override:
// released and not past its expiry date.
func (s *stock) usable(ref lotledger.LotRef, day lotledger.Date) bool {
	ls := s.lots[ref]
	return ls != nil && ls.status == lotledger.StatusReleased && (ls.expires == "" || ls.expires >= day)
}

// fefo lists the usable lots of sku at loc, first expiring first; lots
// without an expiry date come last.
func (s *stock) fefo(loc, sku string, day lotledger.Date) []lotledger.LotRef {
	var refs []lotledger.LotRef
	for ref := range s.qty[loc] {
		if ref.SKU == sku && s.usable(ref, day) {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, func(a, b lotledger.LotRef) int {
		la, lb := s.lots[a], s.lots[b]
		if c := cmp.Compare(expiryKey(la.expires), expiryKey(lb.expires)); c != 0 {
			return c
		}
		if c := cmp.Compare(la.seq, lb.seq); c != 0 {
			return c
		}
		return cmp.Compare(a.Lot, b.Lot)
	})
	return refs
}

func expiryKey(d lotledger.Date) string {
	if d == "" {
		return "9999-12-31"
	}
	return string(d)
}

// available is the usable quantity of sku at loc.
func (s *stock) available(loc, sku string, day lotledger.Date) lotledger.Quantity {
	var sum lotledger.Quantity
	for _, ref := range s.fefo(loc, sku, day) {
		sum += s.qty[loc][ref]
	}
	return sum
}

// pick allocates want of sku at loc first-expired-first-out, as lot lines.
func (s *stock) pick(loc, sku string, want lotledger.Quantity, day lotledger.Date) ([]lotledger.Line, error) {
	var lines []lotledger.Line
	for _, ref := range s.fefo(loc, sku, day) {
		if want == 0 {
			break
		}
		q := min(want, s.qty[loc][ref])
		lines = append(lines, lotledger.Line{SKU: sku, Lot: ref.Lot, Quantity: amount(q)})
		want -= q
	}
	if want > 0 {
		return nil, fmt.Errorf("plan: %s short of %s by %s", loc, sku, want)
	}
	return lines, nil
}

// onHand is the quantity of a lot across all locations.
func (s *stock) onHand(ref lotledger.LotRef) lotledger.Quantity {
	var sum lotledger.Quantity
	for _, at := range s.qty {
		sum += at[ref]
	}
	return sum
}

// expiringBetween lists the lots in stock whose expiry date falls in [from, to].
func (s *stock) expiringBetween(from, to lotledger.Date) []lotledger.LotRef {
	var refs []lotledger.LotRef
	for ref, ls := range s.lots {
		if ls.expires != "" && ls.expires >= from && ls.expires <= to && s.onHand(ref) > 0 {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, func(a, b lotledger.LotRef) int {
		return cmp.Or(cmp.Compare(s.lots[a].expires, s.lots[b].expires), cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Lot, b.Lot))
	})
	return refs
}

// amount writes a quantity as the decimal string commands carry.
func amount(q lotledger.Quantity) lotledger.Amount { return lotledger.Amount(q.String()) }
