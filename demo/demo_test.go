package demo_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"lotledger"
	"lotledger/demo"
	"lotledger/store"
)

// now is the fixed end of the demo timeline in these tests.
var now = time.Date(2025, time.March, 14, 15, 30, 0, 0, time.UTC)

// MustOpen opens a SQLite store in a temporary directory, with its clock at now.
func MustOpen(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// MustLoad loads the demo into a fresh store.
func MustLoad(t *testing.T) (*store.Store, *demo.Summary) {
	t.Helper()
	s := MustOpen(t)
	sum, err := demo.Load(context.Background(), s, now)
	if err != nil {
		t.Fatal(err)
	}
	return s, sum
}

func TestLoad(t *testing.T) {
	s, sum := MustLoad(t)
	ctx := context.Background()
	t.Log(sum)

	t.Run("CountsWhatItCreated", func(t *testing.T) {
		if sum.Items != 6 || sum.Locations != 18 || sum.Parties != 16 {
			t.Errorf("items, locations, parties = %d, %d, %d; want 6, 18, 16", sum.Items, sum.Locations, sum.Parties)
		}
		if sum.Events < 500 || sum.Events > 1500 {
			t.Errorf("events = %d, want 500 to 1500", sum.Events)
		}
		got := len(allEvents(t, s, lotledger.EventFilter{}))
		if got != sum.Events {
			t.Errorf("ledger has %d events, summary says %d", got, sum.Events)
		}
	})
	t.Run("EventsInTimeOrderBeforeNow", func(t *testing.T) {
		var last time.Time
		for _, ev := range allEvents(t, s, lotledger.EventFilter{}) {
			if ev.Time.Before(last) {
				t.Fatalf("event %d at %s is before the previous one at %s", ev.Seq, ev.Time, last)
			}
			if !ev.Time.Before(now) {
				t.Fatalf("event %d at %s is not before now %s", ev.Seq, ev.Time, now)
			}
			last = ev.Time
		}
	})
	t.Run("OneLotOnHold", func(t *testing.T) {
		held := allLots(t, s, lotledger.LotFilter{Status: lotledger.StatusHold})
		if len(held) != 1 {
			t.Fatalf("%d lots on hold, want 1: %v", len(held), held)
		}
		got := lotledger.LotRef{SKU: held[0].SKU, Lot: held[0].Code}
		if got != sum.HeldLot || got.SKU != demo.SKUCreamy {
			t.Errorf("held lot = %v, summary says %v; want a lot of %s", got, sum.HeldLot, demo.SKUCreamy)
		}
		if reason := lastStatusReason(t, s, got); reason != demo.ReasonMicro {
			t.Errorf("hold reason = %q, want %q", reason, demo.ReasonMicro)
		}
	})
	t.Run("LotsExpireWithin30Days", func(t *testing.T) {
		today := lotledger.DateOf(now)
		var soon []lotledger.LotRef
		for _, l := range allLots(t, s, lotledger.LotFilter{ExpiresBefore: today.AddDays(31)}) {
			if l.Expires >= today && onHand(t, s, l.SKU, l.Code) > 0 {
				soon = append(soon, lotledger.LotRef{SKU: l.SKU, Lot: l.Code})
			}
		}
		if len(soon) < 3 {
			t.Errorf("%d lots in stock expire within 30 days, want at least 3: %v", len(soon), soon)
		}
		want := slices.Clone(sum.ExpiringSoon)
		slices.SortFunc(soon, compareRefs)
		slices.SortFunc(want, compareRefs)
		if !slices.Equal(soon, want) {
			t.Errorf("store lists %v, summary %v", soon, want)
		}
	})
	t.Run("ShipsToAllTwelveStores", func(t *testing.T) {
		got := map[string]bool{}
		for _, ev := range allEvents(t, s, lotledger.EventFilter{Kind: lotledger.KindShip}) {
			got[ev.Party] = true
		}
		parties, err := s.Parties(ctx, lotledger.PageRequest{Limit: lotledger.MaxPageLimit})
		if err != nil {
			t.Fatal(err)
		}
		customers := 0
		for _, p := range parties.Items {
			if p.Kind != lotledger.PartyCustomer {
				continue
			}
			customers++
			if !got[p.Code] {
				t.Errorf("no shipment to %s", p.Code)
			}
		}
		if customers != 12 {
			t.Errorf("%d customers, want 12", customers)
		}
	})
	t.Run("PeanutButterTracesToRawPeanuts", func(t *testing.T) {
		path := traceTo(t, s, sum.HeldLot, demo.SKURawPeanuts, map[lotledger.LotRef]bool{})
		if path == nil {
			t.Fatalf("lot %v does not trace back to a lot of %s", sum.HeldLot, demo.SKURawPeanuts)
		}
		if len(path) < 3 {
			t.Errorf("trace %v skips the roasting step", path)
		}
	})
	t.Run("NoNegativeStock", func(t *testing.T) {
		for _, r := range allStock(t, s) {
			if r.Quantity < 0 {
				t.Errorf("negative stock: %+v", r)
			}
		}
	})
	t.Run("UsesEveryKindOfEvent", func(t *testing.T) {
		for _, k := range []string{lotledger.KindReceive, lotledger.KindShip, lotledger.KindTransfer, lotledger.KindArrive,
			lotledger.KindProduce, lotledger.KindAdjust, lotledger.KindDispose, lotledger.KindReturn, lotledger.KindStatus} {
			if sum.EventsByKind[k] == 0 {
				t.Errorf("no %s event", k)
			}
		}
	})
}

func TestLoad_Twice_Conflicts(t *testing.T) {
	s, sum := MustLoad(t)
	_, err := demo.Load(context.Background(), s, now)
	if got := lotledger.ErrorCode(err); got != lotledger.ECONFLICT {
		t.Fatalf("second load: error code %q (%v), want %q", got, err, lotledger.ECONFLICT)
	}
	if got := len(allEvents(t, s, lotledger.EventFilter{})); got != sum.Events {
		t.Errorf("second load changed the ledger: %d events, want %d", got, sum.Events)
	}
	if loaded, err := demo.Loaded(context.Background(), s); err != nil || !loaded {
		t.Errorf("Loaded = %v, %v; want true, nil", loaded, err)
	}
}

func TestLoad_IsDeterministic(t *testing.T) {
	s1, sum1 := MustLoad(t)
	s2, sum2 := MustLoad(t)
	if !reflect.DeepEqual(sum1, sum2) {
		t.Errorf("summaries differ:\n%v\n%v", sum1, sum2)
	}
	if a, b := allStock(t, s1), allStock(t, s2); !reflect.DeepEqual(a, b) {
		t.Errorf("stock differs: %d rows and %d rows", len(a), len(b))
	}
}

func TestLoad_OtherDates(t *testing.T) {
	for _, end := range []time.Time{
		time.Date(2024, time.December, 31, 23, 59, 0, 0, time.UTC),
		time.Date(2026, time.July, 6, 4, 0, 0, 0, time.UTC), // a Monday before the first shift
	} {
		t.Run(end.Format("2006-01-02"), func(t *testing.T) {
			s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"), store.Options{Now: func() time.Time { return end }})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			sum, err := demo.Load(context.Background(), s, end)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.ExpiringSoon) < 3 || sum.Customers != 12 {
				t.Errorf("summary: %v", sum)
			}
		})
	}
}
