package gen

import "lotledger"

func (g *Generator) harvest(op *Op) bool {
	farms := g.master.byRole[RoleFarm]
	f := farms[g.pick(len(farms))]
	it := f.crops[g.pick(len(f.crops))]
	op.Kind, op.At, op.Party = Harvest, f, f.owner
	s := g.newLot(op, it, g.between(400, 2000), lotledger.DateOf(op.Time).AddDays(it.ShelfLifeDays), f)
	g.st.farm.push(s)
	g.st.toCool.items = append(g.st.toCool.items, s)
	return true
}

// cool records the temperature of the oldest lot not yet cooled, wherever
// it has got to.
func (g *Generator) cool(op *Op) bool {
	q := &g.st.toCool
	for q.len() > 0 {
		s := q.items[0]
		q.items[0] = nil
		q.items = q.items[1:]
		if s.qty == 0 {
			continue
		}
		op.Kind, op.At = Cool, s.at
		op.In = append(op.In, LotQty{Item: s.item, Lot: s.lot, Qty: s.qty})
		op.Temp = float64(g.between(10, 60)) / 10
		return true
	}
	return false
}

// moveWhole sends the oldest lot of q to dest (or destroys it if it has
// expired); it returns the lot moved.
func (g *Generator) moveWhole(op *Op, q *queue, dest *Site) *stock {
	s := q.remove(0)
	if !usable(s, op) {
		g.expire(op, s)
		return nil
	}
	op.Kind, op.At, op.To = Move, s.at, dest
	op.In = append(op.In, LotQty{Item: s.item, Lot: s.lot, Qty: s.qty})
	s.at = dest
	return s
}

func (g *Generator) moveFromFarm(op *Op) bool {
	q := &g.st.farm
	if q.len() == 0 {
		return false
	}
	packers := g.master.byRole[RolePacker]
	dest := packers[q.items[0].at.Index%len(packers)]
	if s := g.moveWhole(op, q, dest); s != nil {
		g.st.raw[dest.Index].push(s)
	}
	return true
}

func (g *Generator) pack(op *Op) bool {
	i := g.nonEmpty(g.st.raw, 1)
	if i < 0 {
		return false
	}
	s := g.st.raw[i].remove(0)
	if !usable(s, op) {
		return g.expire(op, s)
	}
	op.Kind, op.At = Produce, s.at
	n := take(op, s, s.qty)
	out := g.master.byStage[StagePacked][s.item.Index]
	g.st.packed[i].push(g.newLot(op, out, max(n/10, 1), s.expires, s.at))
	return true
}

func (g *Generator) moveFromPackhouse(op *Op) bool {
	i := g.nonEmpty(g.st.packed, 1)
	if i < 0 {
		return false
	}
	if g.pick(10) < 7 {
		plants := g.master.byRole[RolePlant]
		dest := plants[g.pick(len(plants))]
		if s := g.moveWhole(op, &g.st.packed[i], dest); s != nil {
			g.st.inputs[dest.Index].push(s)
		}
		return true
	}
	dcs := g.master.byRole[RoleDC]
	dest := dcs[g.pick(len(dcs))]
	if s := g.moveWhole(op, &g.st.packed[i], dest); s != nil {
		g.st.dc[dest.Index].push(s)
	}
	return true
}

func (g *Generator) moveFromPlant(op *Op) bool {
	i := g.nonEmpty(g.st.done, 1)
	if i < 0 {
		return false
	}
	dcs := g.master.byRole[RoleDC]
	dest := dcs[g.pick(len(dcs))]
	if s := g.moveWhole(op, &g.st.done[i], dest); s != nil {
		g.st.dc[dest.Index].push(s)
	}
	return true
}

// draw is what a production run takes from one queue: a share of each of
// its k oldest lots.
type draw struct {
	q     *queue
	k     int
	share func(s *stock) int64
}

// produce runs a production at plant from draws and silo commodities,
// making one lot of a random item of stage. Nothing is taken until every
// input is known to be there: a lot found expired is destroyed instead,
// and a silo lot that runs short is replaced by a delivery first.
func (g *Generator) produce(op *Op, plant *Site, draws []draw, silos int, stage string, lo, hi int64) bool {
	for _, d := range draws {
		for j := 0; j < d.k && j < d.q.len(); j++ {
			if !usable(d.q.items[j], op) {
				return g.expire(op, d.q.remove(j))
			}
		}
	}
	type need struct {
		c    int
		want int64
	}
	needs := make([]need, 0, 2)
	for ; silos > 0; silos-- {
		n := need{g.pick(len(commodities)), g.between(5, 25)}
		if s := g.st.silo[plant.Index][n.c]; s == nil || s.qty < 2*n.want || !usable(s, op) {
			return g.deliver(op, plant, n.c)
		}
		needs = append(needs, n)
	}
	op.Kind, op.At = Produce, plant
	for _, d := range draws {
		for j, n := 0, 0; n < d.k && j < d.q.len(); n++ {
			s := d.q.items[j]
			take(op, s, d.share(s))
			if s.qty == 0 {
				d.q.remove(j)
				continue
			}
			j++
		}
	}
	for _, n := range needs {
		take(op, g.st.silo[plant.Index][n.c], n.want)
	}
	its := g.master.byStage[stage]
	it := its[g.pick(len(its))]
	s := g.newLot(op, it, g.between(lo, hi), lotledger.DateOf(op.Time).AddDays(it.ShelfLifeDays), plant)
	if stage == StageIntermediate {
		g.st.inter[plant.Index].push(s)
	} else {
		g.st.done[plant.Index].push(s)
	}
	return true
}

// deliver has a supplier deliver a new bulk lot of commodity c to plant.
func (g *Generator) deliver(op *Op, plant *Site, c int) bool {
	it := g.master.byStage[StageCommodity][c]
	op.Kind, op.At, op.Party = Receive, plant, g.master.suppliers[c]
	g.st.silo[plant.Index][c] = g.newLot(op, it, g.between(20_000, 50_000), lotledger.DateOf(op.Time).AddDays(it.ShelfLifeDays), plant)
	return true
}

func (g *Generator) makeIntermediate(op *Op) bool {
	i := g.nonEmpty(g.st.inputs, 2)
	if i < 0 {
		return false
	}
	half := func(s *stock) int64 { return (s.made + 1) / 2 }
	return g.produce(op, g.master.byRole[RolePlant][i], []draw{{&g.st.inputs[i], 2 + g.pick(2), half}}, 1, StageIntermediate, 500, 3000)
}

func (g *Generator) makeFinished(op *Op) bool {
	i := g.nonEmpty(g.st.inter, 1)
	if i < 0 {
		return false
	}
	some := func(s *stock) int64 { return g.between(200, 800) }
	quarter := func(s *stock) int64 { return (s.made + 3) / 4 }
	draws := []draw{{&g.st.inter[i], 1 + g.pick(2), some}, {&g.st.inputs[i], g.pick(4), quarter}}
	return g.produce(op, g.master.byRole[RolePlant][i], draws, 1+g.pick(2), StageFinished, 1000, 4000)
}

// ship sends one to three lots, oldest first, from a centre to one of the
// customers it serves.
func (g *Generator) ship(op *Op) bool {
	i := g.nonEmpty(g.st.dc, 1)
	if i < 0 {
		return false
	}
	q := &g.st.dc[i]
	dcs := len(g.master.byRole[RoleDC])
	cs := g.master.customers
	served := (len(cs) - i + dcs - 1) / dcs
	if served == 0 {
		return false
	}
	cust := cs[i+dcs*g.pick(served)]
	op.Kind, op.At, op.Party = Ship, g.master.byRole[RoleDC][i], cust
	lines := 1 + g.pick(3)
	for j := 0; j < lines && j < q.len(); j++ {
		if !usable(q.items[j], op) {
			return g.expire(op, q.remove(j))
		}
	}
	for j, n := 0, 0; n < lines && j < q.len(); n++ {
		s := q.items[j]
		want := g.between(6, 60)
		if s.item.Stage == StagePacked {
			want = g.between(1, 10)
		}
		took := take(op, s, want)
		g.remember(shipped{s: s, dc: op.At, customer: cust, left: took})
		if s.qty == 0 {
			q.remove(j)
			continue
		}
		j++
	}
	return true
}

func (g *Generator) remember(s shipped) {
	if len(g.st.shipRing) < cap(g.st.shipRing) {
		g.st.shipRing = append(g.st.shipRing, s)
		return
	}
	g.st.shipRing[g.st.shipNext] = s
	g.st.shipNext = (g.st.shipNext + 1) % len(g.st.shipRing)
}

// giveBack has a customer return part of a recent shipment to the centre
// that sent it, where it can be shipped again.
func (g *Generator) giveBack(op *Op) bool {
	if len(g.st.shipRing) == 0 {
		return false
	}
	r := &g.st.shipRing[g.pick(len(g.st.shipRing))]
	if r.left == 0 {
		return false
	}
	n := g.between(1, min(r.left, 5))
	r.left -= n
	op.Kind, op.At, op.Party = Return, r.dc, r.customer
	op.Out = append(op.Out, LotQty{Item: r.s.item, Lot: r.s.lot, Qty: n})
	s := r.s
	if s.at != r.dc || s.dead || !usable(s, op) {
		return true // the lot's record moved on; returned goods stay aside
	}
	s.qty += n
	if !s.queued {
		g.st.dc[r.dc.Index].push(s)
	}
	return true
}

func (g *Generator) dispose(op *Op) bool {
	i := g.nonEmpty(g.st.dc, 1)
	if i < 0 {
		return false
	}
	q := &g.st.dc[i]
	j := g.pick(q.len())
	s := q.items[j]
	op.Kind, op.At = Dispose, s.at
	take(op, s, g.between(1, 5))
	if s.qty == 0 {
		q.remove(j)
	}
	return true
}
