package baseline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"lotledger"
)

// Locations of the hand-built dataset.
const (
	supA, supB           = 1, 2
	stock, line, transit = 10, 11, 12
	prod                 = 20
	custX, custY         = 30, 31
	scrap                = 40
)

// Lots of the hand-built dataset: flour A and salt S (a silo lot) make
// doughs B (A+S) and C (A), which make bread D: a diamond. S also makes
// crackers E. D is shipped to two customers, partly returned, reworked into
// itself (a loop) and partly scrapped. Z is unrelated; N has no lines.
const (
	lotA, lotS, lotB, lotC, lotD, lotE, lotZ, lotN = 1, 2, 3, 4, 5, 6, 7, 8
)

// handBuilt returns the small dataset every system must answer exactly.
func handBuilt() *Dataset {
	d := &Dataset{
		Locations: []Location{
			{supA, "SUP-A", UsageSupplier}, {supB, "SUP-B", UsageSupplier},
			{stock, "WH-STOCK", UsageInternal}, {line, "WH-LINE", UsageInternal}, {transit, "WH-TRANSIT", UsageTransit},
			{prod, "Virtual/Production", UsageProduction},
			{custX, "CUST-X", UsageCustomer}, {custY, "CUST-Y", UsageCustomer},
			{scrap, "Virtual/Scrap", UsageInventory},
		},
		Products: []int64{100, 101, 102, 103, 104, 105, 106},
		Lots: []Lot{
			{lotA, 100, "FLOUR|A1"}, {lotS, 104, "SALT|S1"}, {lotB, 101, "DOUGHB|B1"}, {lotC, 102, "DOUGHC|C1"},
			{lotD, 103, "BREAD|D1"}, {lotE, 105, "CRACKER|E1"}, {lotZ, 106, "OTHER|Z1"}, {lotN, 106, "EMPTY|N1"},
		},
	}
	product := map[int64]int64{}
	for _, l := range d.Lots {
		product[l.ID] = l.ProductID
	}
	day := func(n, hour int) time.Time { return time.Date(2024, 1, n, hour, 0, 0, 0, time.UTC) }
	mv := func(lot, from, to int64, at time.Time, qty int64) int64 {
		id := int64(len(d.Lines) + 1)
		d.Lines = append(d.Lines, MoveLine{ID: id, MoveID: 1000 + id, ProductID: product[lot], LotID: lot,
			LocationID: from, LocationDestID: to, Date: at, Qty: qty})
		return id
	}
	produce := func(lot int64, at time.Time, qty int64, components ...int64) int64 {
		f := mv(lot, prod, line, at, qty)
		for _, c := range components {
			d.Consumes = append(d.Consumes, Consume{ConsumeLineID: f, ProduceLineID: c})
		}
		return f
	}
	mv(lotA, supA, stock, day(1, 8), 100)
	mv(lotS, supB, stock, day(1, 9), 50)
	mv(lotZ, supA, stock, day(1, 10), 7)
	mv(lotA, stock, transit, day(2, 8), 60) // A reaches the line through transit, 5 left in transit
	mv(lotA, transit, line, day(2, 9), 55)
	mv(lotS, stock, line, day(2, 8), 20)
	produce(lotB, day(3, 8), 35, mv(lotA, line, prod, day(3, 8), 30), mv(lotS, line, prod, day(3, 8), 5))
	produce(lotC, day(3, 9), 20, mv(lotA, line, prod, day(3, 9), 20))
	d1 := produce(lotD, day(4, 8), 50, mv(lotB, line, prod, day(4, 8), 35), mv(lotC, line, prod, day(4, 8), 20))
	produce(lotE, day(4, 9), 10, mv(lotS, line, prod, day(4, 9), 10))
	toStock := mv(lotD, line, stock, day(5, 8), 50)
	mv(lotA, stock, custY, day(5, 9), 10)
	toX := mv(lotD, stock, custX, day(6, 8), 20)
	mv(lotD, stock, custY, day(6, 9), 15)
	mv(lotE, line, custX, day(6, 10), 10)
	mv(lotD, custX, stock, day(7, 8), 5) // a return
	rework := mv(lotD, stock, prod, day(8, 8), 5)
	r := mv(lotD, prod, stock, day(8, 9), 5)
	d.Consumes = append(d.Consumes, Consume{ConsumeLineID: r, ProduceLineID: rework})
	mv(lotD, stock, scrap, day(9, 8), 3)
	d.MoveRels = []MoveRel{{1000 + d1, 1000 + toStock}, {1000 + toStock, 1000 + toX}}
	return d
}

// A question and the answer every system must give.
type handCase struct {
	name string
	ask  func(ctx context.Context, s System) (*Answer, error)
	want *Answer
}

func handCases() []handCase {
	back := func(lot int64) func(context.Context, System) (*Answer, error) {
		return func(ctx context.Context, s System) (*Answer, error) { return s.Backward(ctx, lot) }
	}
	fwd := func(lot int64) func(context.Context, System) (*Answer, error) {
		return func(ctx context.Context, s System) (*Answer, error) { return s.Forward(ctx, lot) }
	}
	rec := func(seeds ...int64) func(context.Context, System) (*Answer, error) {
		return func(ctx context.Context, s System) (*Answer, error) { return s.RecallScope(ctx, seeds) }
	}
	return []handCase{
		{"BackwardFromBreadThroughDiamond", back(lotD), &Answer{
			Lots:      []string{"BREAD|D1", "DOUGHB|B1", "DOUGHC|C1", "FLOUR|A1", "SALT|S1"},
			Suppliers: []string{"SUP-A|FLOUR|A1", "SUP-B|SALT|S1"},
		}},
		{"BackwardFromCrackersToSilo", back(lotE), &Answer{
			Lots: []string{"CRACKER|E1", "SALT|S1"}, Suppliers: []string{"SUP-B|SALT|S1"},
		}},
		{"BackwardFromRawLot", back(lotA), &Answer{Lots: []string{"FLOUR|A1"}, Suppliers: []string{"SUP-A|FLOUR|A1"}}},
		{"BackwardFromLotWithoutLines", back(lotN), &Answer{Lots: []string{"EMPTY|N1"}, Suppliers: []string{}}},
		{"ForwardFromFlourThroughDiamond", fwd(lotA), &Answer{
			Lots:      []string{"BREAD|D1", "DOUGHB|B1", "DOUGHC|C1", "FLOUR|A1"},
			Customers: map[string]int64{"CUST-X": 15, "CUST-Y": 25},
		}},
		{"ForwardFromSiloLot", fwd(lotS), &Answer{
			Lots:      []string{"BREAD|D1", "CRACKER|E1", "DOUGHB|B1", "SALT|S1"},
			Customers: map[string]int64{"CUST-X": 25, "CUST-Y": 15},
		}},
		{"ForwardFromReworkedLot", fwd(lotD), &Answer{
			Lots: []string{"BREAD|D1"}, Customers: map[string]int64{"CUST-X": 15, "CUST-Y": 15},
		}},
		{"ForwardFromUnshippedLot", fwd(lotZ), &Answer{Lots: []string{"OTHER|Z1"}, Customers: map[string]int64{}}},
		{"RecallOfSilo", rec(lotS), &Answer{
			Lots:      []string{"BREAD|D1", "CRACKER|E1", "DOUGHB|B1", "SALT|S1"},
			Customers: map[string]int64{"CUST-X": 25, "CUST-Y": 15},
			Stock:     map[string]int64{"SALT|S1@WH-STOCK": 30, "SALT|S1@WH-LINE": 5, "BREAD|D1@WH-STOCK": 17},
		}},
		{"RecallOfSeveralSeeds", rec(lotA, lotZ, lotA), &Answer{
			Lots:      []string{"BREAD|D1", "DOUGHB|B1", "DOUGHC|C1", "FLOUR|A1", "OTHER|Z1"},
			Customers: map[string]int64{"CUST-X": 15, "CUST-Y": 25},
			Stock: map[string]int64{"FLOUR|A1@WH-STOCK": 30, "FLOUR|A1@WH-LINE": 5, "BREAD|D1@WH-STOCK": 17,
				"OTHER|Z1@WH-STOCK": 7},
		}},
		{"RecallOfNothing", rec(), &Answer{Lots: []string{}, Customers: map[string]int64{}, Stock: map[string]int64{}}},
	}
}

func TestSystems_AnswerTheHandBuiltDataset(t *testing.T) {
	for _, f := range factories() {
		t.Run(f.name, func(t *testing.T) {
			s := MustLoad(t, f, handBuilt())
			ctx := context.Background()
			for _, c := range handCases() {
				t.Run(c.name, func(t *testing.T) {
					got, err := c.ask(ctx, s)
					if err != nil {
						t.Fatal(err)
					}
					checkRoundTrips(t, f.name, got)
					got.RoundTrips = 0
					if !reflect.DeepEqual(got, c.want) {
						t.Errorf("got  %+v\nwant %+v", got, c.want)
					}
				})
			}
			t.Run("UnknownLotIsNotFound", func(t *testing.T) {
				for _, ask := range []func() (*Answer, error){
					func() (*Answer, error) { return s.Backward(ctx, 999) },
					func() (*Answer, error) { return s.Forward(ctx, 999) },
					func() (*Answer, error) { return s.RecallScope(ctx, []int64{lotA, 999}) },
				} {
					if _, err := ask(); lotledger.ErrorCode(err) != lotledger.ENOTFOUND {
						t.Errorf("got error %v, want code %s", err, lotledger.ENOTFOUND)
					}
				}
			})
			t.Run("AnswersConcurrently", func(t *testing.T) {
				var wg sync.WaitGroup
				for range 4 {
					wg.Go(func() {
						for _, c := range handCases() {
							got, err := c.ask(ctx, s)
							if err != nil {
								t.Error(err)
								return
							}
							got.RoundTrips = 0
							if !reflect.DeepEqual(got, c.want) {
								t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
							}
						}
					})
				}
				wg.Wait()
			})
			t.Run("ReloadReplacesTheData", func(t *testing.T) {
				d := handBuilt()
				d.Lines = d.Lines[:3] // receipts of A, S and Z only
				d.Consumes, d.MoveRels = nil, nil
				if err := s.Load(ctx, d); err != nil {
					t.Fatal(err)
				}
				got, err := s.Forward(ctx, lotA)
				if err != nil {
					t.Fatal(err)
				}
				if want := []string{"FLOUR|A1"}; !reflect.DeepEqual(got.Lots, want) {
					t.Errorf("lots %v, want %v", got.Lots, want)
				}
			})
		})
	}
}

// checkRoundTrips checks what each design costs in queries: none in
// memory, one statement for a recursive query, many for a walk.
func checkRoundTrips(t *testing.T, name string, a *Answer) {
	t.Helper()
	switch name {
	case "B4 in-memory bfs":
		if a.RoundTrips != 0 {
			t.Errorf("RoundTrips = %d, want 0", a.RoundTrips)
		}
	case "B2 recursive pg", "B3 recursive sqlite":
		if a.RoundTrips > 1 {
			t.Errorf("RoundTrips = %d, want at most 1", a.RoundTrips)
		}
	default:
		if len(a.Lots) > 0 && a.RoundTrips < 2 {
			t.Errorf("RoundTrips = %d, want a query per hop", a.RoundTrips)
		}
	}
}

func TestSystems_AgreeOnRandomData(t *testing.T) {
	d := randomDataset(7, 300)
	ref := NewMemoryBFS()
	ctx := context.Background()
	if err := ref.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	var seedSets [][]int64
	for range 20 {
		var seeds []int64
		for range 1 + rng.IntN(10) {
			seeds = append(seeds, d.Lots[rng.IntN(len(d.Lots))].ID)
		}
		seedSets = append(seedSets, seeds)
	}
	for _, f := range factories() {
		t.Run(f.name, func(t *testing.T) {
			s := MustLoad(t, f, d)
			compare := func(what string, want, got *Answer, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				got.RoundTrips, want.RoundTrips = 0, 0
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: got %+v\nwant %+v", what, got, want)
				}
			}
			for _, l := range d.Lots {
				want, _ := ref.Backward(ctx, l.ID)
				got, err := s.Backward(ctx, l.ID)
				compare(fmt.Sprintf("backward %s", l.Name), want, got, err)
				want, _ = ref.Forward(ctx, l.ID)
				got, err = s.Forward(ctx, l.ID)
				compare(fmt.Sprintf("forward %s", l.Name), want, got, err)
			}
			for _, seeds := range seedSets {
				want, _ := ref.RecallScope(ctx, seeds)
				got, err := s.RecallScope(ctx, seeds)
				compare(fmt.Sprintf("recall %v", seeds), want, got, err)
			}
		})
	}
}

// TestRandomDataset_IsNotTrivial guards the agreement test against a
// generator that stops making deep, looping genealogies.
func TestRandomDataset_IsNotTrivial(t *testing.T) {
	d := randomDataset(7, 300)
	m := NewMemoryBFS()
	ctx := context.Background()
	if err := m.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	widest, cyclic := 0, false
	for _, l := range d.Lots {
		f, _ := m.Forward(ctx, l.ID)
		b, _ := m.Backward(ctx, l.ID)
		widest = max(widest, len(f.Lots), len(b.Lots))
		for _, name := range f.Lots {
			if name != l.Name && slices.Contains(b.Lots, name) {
				cyclic = true
			}
		}
	}
	if widest < 20 || !cyclic {
		t.Errorf("widest closure %d lots, cycle %v: want ≥ 20 and a cycle", widest, cyclic)
	}
}
