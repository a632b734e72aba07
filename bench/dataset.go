package bench

import (
	"lotledger/bench/baseline"
	"lotledger/gen"
)

// moveLines turns generated ops into the move-line schema the ERP
// baselines use, as Odoo would have recorded the same history: a line per
// lot moved between two locations, with suppliers, customers, production
// and scrap as locations of their own usage, and each finished line linked
// to the component lines of its production run.
type moveLines struct {
	d        baseline.Dataset
	sites    map[*gen.Site]int64
	parties  map[*gen.Party]int64
	lots     map[string]int64
	prod     int64 // Odoo's virtual production location
	scrap    int64 // inventory loss
	products map[*gen.Item]int64
}

func newMoveLines(m *gen.Master) *moveLines {
	ml := &moveLines{sites: map[*gen.Site]int64{}, parties: map[*gen.Party]int64{}, lots: map[string]int64{}, products: map[*gen.Item]int64{}}
	loc := func(name, usage string) int64 {
		id := int64(len(ml.d.Locations) + 1)
		ml.d.Locations = append(ml.d.Locations, baseline.Location{ID: id, Name: name, Usage: usage})
		return id
	}
	for _, s := range m.Sites {
		ml.sites[s] = loc(s.Code, baseline.UsageInternal)
	}
	for _, p := range m.Parties {
		usage := baseline.UsageSupplier
		if p.Kind == "customer" {
			usage = baseline.UsageCustomer
		}
		ml.parties[p] = loc(p.Code, usage)
	}
	ml.prod = loc("Virtual/Production", baseline.UsageProduction)
	ml.scrap = loc("Virtual/Scrap", baseline.UsageInventory)
	for i, it := range m.Items {
		ml.products[it] = int64(i + 1)
		ml.d.Products = append(ml.d.Products, int64(i+1))
	}
	return ml
}

// lotName is how lots are named in every answer: SKU|LOT.
func lotName(sku, lot string) string { return sku + "|" + lot }

func (ml *moveLines) lot(lq gen.LotQty) int64 {
	name := lotName(lq.Item.SKU, lq.Lot)
	if id, ok := ml.lots[name]; ok {
		return id
	}
	id := int64(len(ml.d.Lots) + 1)
	ml.d.Lots = append(ml.d.Lots, baseline.Lot{ID: id, ProductID: ml.products[lq.Item], Name: name})
	ml.lots[name] = id
	return id
}

func (ml *moveLines) line(op *gen.Op, lq gen.LotQty, from, to int64) int64 {
	id := int64(len(ml.d.Lines) + 1)
	ml.d.Lines = append(ml.d.Lines, baseline.MoveLine{ID: id, MoveID: id, ProductID: ml.products[lq.Item], LotID: ml.lot(lq),
		LocationID: from, LocationDestID: to, Date: op.Time, Qty: lq.Qty})
	return id
}

// add records op's move lines.
func (ml *moveLines) add(op *gen.Op) {
	switch op.Kind {
	case gen.Harvest, gen.Receive:
		ml.line(op, op.Out[0], ml.parties[op.Party], ml.sites[op.At])
	case gen.Move:
		for _, lq := range op.In {
			ml.line(op, lq, ml.sites[op.At], ml.sites[op.To])
		}
	case gen.Produce:
		var parts []int64
		for _, lq := range op.In {
			parts = append(parts, ml.line(op, lq, ml.sites[op.At], ml.prod))
		}
		done := ml.line(op, op.Out[0], ml.prod, ml.sites[op.At])
		for _, p := range parts {
			ml.d.Consumes = append(ml.d.Consumes, baseline.Consume{ConsumeLineID: done, ProduceLineID: p})
		}
	case gen.Ship:
		for _, lq := range op.In {
			ml.line(op, lq, ml.sites[op.At], ml.parties[op.Party])
		}
	case gen.Return:
		for _, lq := range op.Out {
			ml.line(op, lq, ml.parties[op.Party], ml.sites[op.At])
		}
	case gen.Dispose, gen.Expire:
		for _, lq := range op.In {
			ml.line(op, lq, ml.sites[op.At], ml.scrap)
		}
	}
}
