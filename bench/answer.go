package bench

import (
	"fmt"
	"maps"
	"slices"

	"lotledger"
	"lotledger/bench/baseline"
)

// units turns an exact lotledger quantity into the whole units the
// generator deals in.
func units(q lotledger.Quantity) int64 { return int64(q) / 1_000_000 }

// traceAnswer states a lotledger trace the way the baselines answer.
func traceAnswer(t *lotledger.Trace, backward bool) *baseline.Answer {
	a := &baseline.Answer{}
	for _, l := range t.Lots {
		a.Lots = append(a.Lots, lotName(l.SKU, l.Code))
	}
	slices.Sort(a.Lots)
	if backward {
		seen := map[string]bool{}
		for _, s := range t.Suppliers {
			seen[s.Party+"|"+lotName(s.Lot.SKU, s.Lot.Lot)] = true
		}
		a.Suppliers = slices.Sorted(maps.Keys(seen))
		return a
	}
	a.Customers = map[string]int64{}
	for _, s := range t.Shipments {
		a.Customers[s.Customer] += units(s.Quantity)
	}
	dropZero(a.Customers)
	return a
}

// scopeAnswer states a lotledger scope the way the baselines answer the
// question asked: suppliers backward, customers forward, and stock too for
// a recall.
func scopeAnswer(sc *lotledger.Scope, backward, recall bool) *baseline.Answer {
	a := &baseline.Answer{}
	for _, l := range sc.Lots {
		a.Lots = append(a.Lots, lotName(l.SKU, l.Lot))
	}
	slices.Sort(a.Lots)
	if backward {
		a.Suppliers = []string{}
		for _, s := range sc.Suppliers {
			a.Suppliers = append(a.Suppliers, s.Party+"|"+lotName(s.Lot.SKU, s.Lot.Lot))
		}
		slices.Sort(a.Suppliers)
		return a
	}
	a.Customers = map[string]int64{}
	for _, c := range sc.Customers {
		a.Customers[c.Customer] += units(c.Quantity)
	}
	dropZero(a.Customers)
	if recall {
		a.Stock = map[string]int64{}
		for _, st := range sc.Stock {
			a.Stock[lotName(st.Lot.SKU, st.Lot.Lot)+"@"+st.Location] += units(st.Quantity)
		}
	}
	return a
}

// recallAnswer states a recall's scope the way the baselines answer.
func recallAnswer(r *lotledger.Recall) *baseline.Answer {
	a := &baseline.Answer{Customers: map[string]int64{}, Stock: map[string]int64{}}
	for _, l := range r.Lots {
		a.Lots = append(a.Lots, lotName(l.SKU, l.Lot))
		for _, s := range l.Stock {
			if s.Quantity > 0 {
				a.Stock[lotName(s.SKU, s.Lot)+"@"+s.Location] += units(s.Quantity)
			}
		}
	}
	slices.Sort(a.Lots)
	for _, c := range r.Customers {
		a.Customers[c.Customer] += units(c.Quantity)
	}
	dropZero(a.Customers)
	return a
}

func dropZero(m map[string]int64) {
	for k, v := range m {
		if v == 0 {
			delete(m, k)
		}
	}
}

// differ says how two answers to the same question differ, or "".
func differ(want, got *baseline.Answer) string {
	if d := diffSlices("lots", want.Lots, got.Lots); d != "" {
		return d
	}
	if d := diffSlices("suppliers", want.Suppliers, got.Suppliers); d != "" {
		return d
	}
	if d := diffMaps("customers", want.Customers, got.Customers); d != "" {
		return d
	}
	return diffMaps("stock", want.Stock, got.Stock)
}

func diffSlices(what string, a, b []string) string {
	if slices.Equal(a, b) {
		return ""
	}
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	for _, x := range a {
		if !in[x] {
			return fmt.Sprintf("%s: %d against %d; %s missing", what, len(a), len(b), x)
		}
	}
	return fmt.Sprintf("%s: %d against %d", what, len(a), len(b))
}

func diffMaps(what string, a, b map[string]int64) string {
	dropZero(a)
	dropZero(b)
	for k, v := range a {
		if b[k] != v {
			return fmt.Sprintf("%s: %s is %d against %d", what, k, v, b[k])
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			return fmt.Sprintf("%s: %s is 0 against %d", what, k, v)
		}
	}
	return ""
}
