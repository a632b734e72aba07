package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lotledger"
	"lotledger/epcis"
	"lotledger/gen"
	"lotledger/store"
)

// benchWorld makes the master data the capture benchmarks use.
func benchWorld(b testing.TB, s *store.Store) context.Context {
	ctx := lotledger.WithUser(context.Background(), "bench")
	if _, err := s.CreateItem(ctx, lotledger.Item{SKU: "PB16", Name: "Peanut butter", UOM: "EA", GTIN: "00614141000036", ShelfLifeDays: 365}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateLocation(ctx, lotledger.Location{Code: "DC1", Name: "DC", GLN: "0614141000012"}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Farm", Kind: "supplier"}); err != nil {
		b.Fatal(err)
	}
	return ctx
}

// loadGenerated captures the generated supply chain of the given size and
// seed into s (master data, then documents of 1,000 events), as lotledger
// gen does.
func loadGenerated(tb testing.TB, ctx context.Context, s *store.Store, events int, seed int64) {
	tb.Helper()
	g, err := gen.New(gen.Config{Events: events, Seed: seed})
	if err != nil {
		tb.Fatal(err)
	}
	if err := g.Master().Load(ctx, s); err != nil {
		tb.Fatal(err)
	}
	err = g.Documents(1000, func(body []byte, _ []gen.Op) error {
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		_, err = s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// benchReceipts records b.N one-line receipts (each a new lot), batch per
// transaction, and reports events per second.
func benchReceipts(b *testing.B, s *store.Store, batch int) {
	ctx := benchWorld(b, s)
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < b.N; {
		n := min(batch, b.N-done)
		err := s.Batch(ctx, func(bt *store.Batch) error {
			for i := range n {
				_, err := bt.Receive(lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-03-01T08:00:00Z",
					Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: fmt.Sprint("L", done+i), Quantity: "24", Expires: "2027-03-01"}}})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}

func BenchmarkBatchReceipts_SQLite(b *testing.B) {
	for _, batch := range []int{1, 1000} {
		b.Run(fmt.Sprint("batch=", batch), func(b *testing.B) {
			benchReceipts(b, openSQLite(b, nil), batch)
		})
	}
}

func BenchmarkBatchReceipts_Postgres(b *testing.B) {
	for _, batch := range []int{1, 1000} {
		b.Run(fmt.Sprint("batch=", batch), func(b *testing.B) {
			benchReceipts(b, OpenPostgres(b, nil), batch)
		})
	}
}

// captureDocument is an EPCIS document of n receiving events, each making a
// new lot of the benchmark item at DC1 (GLN 0614141000012). Event start+i
// happens start+i milliseconds after captureStart: a partner's documents
// follow one another in time. (Until the event keys, every document carried
// the same thousand times, 08:00:00.000 to .999, so each one's events went
// into the middle of the index by time rather than at its end; BENCHMARKS.md
// gives the figures of both.)
var captureStart = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

func captureDocument(start, n int) []byte {
	var b strings.Builder
	b.WriteString(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		at := captureStart.Add(time.Duration(start+i) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
		fmt.Fprintf(&b, `{"type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"+00:00","action":"ADD","bizStep":"receiving","disposition":"in_progress",`+
			`"bizLocation":{"id":"https://id.gs1.org/414/0614141000012"},"quantityList":[{"epcClass":"https://id.gs1.org/01/00614141000036/10/C%d","quantity":24}],`+
			`"ilmd":{"cbvmda:itemExpirationDate":"2027-03-01"}}`, at, start+i)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// benchCapture validates, decodes and captures documents of 1,000 events,
// one durable commit per document, from the given number of clients at
// once, and reports events per second. One client captures a document after
// another; two decode one document while the other is committed, as a server
// does with two partners sending at once.
func benchCapture(b *testing.B, s *store.Store, clients int) {
	ctx := benchWorld(b, s)
	const per = 1000
	docs := make([][]byte, (b.N+per-1)/per)
	for i := range docs {
		docs[i] = captureDocument(i*per, per)
	}
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(docs)); i = next.Add(1) - 1 {
				if err := captureOne(s, ctx, docs[i]); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(len(docs)*per)/time.Since(start).Seconds(), "events/s")
}

// BenchmarkCaptureParts times, on one core, what capture does to
// BenchmarkCapture1000's documents before the writer's turn: validate the
// document, decode its events, hash each (its events carry no eventID).
// With BenchmarkStorageFloor_SQLite, it bounds capture from above
// (BENCHMARKS.md, "The storage engine's floor").
func BenchmarkCaptureParts(b *testing.B) {
	body := captureDocument(0, 1000)
	doc, err := epcis.DecodeDocument(body)
	if err != nil {
		b.Fatal(err)
	}
	for _, part := range []struct {
		name string
		run  func() error
	}{
		{"validate", func() error { return epcis.Validate(body) }},
		{"decode", func() error { _, err := epcis.DecodeDocument(body); return err }},
		{"hash", func() error {
			for _, ev := range doc.Events {
				if _, err := epcis.EventHash(ev.Raw, doc.Context); err != nil {
					return err
				}
			}
			return nil
		}},
	} {
		b.Run(part.name, func(b *testing.B) {
			for b.Loop() {
				if err := part.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// captureAll validates, decodes and captures each document, as POST
// /epcis/capture does.
func captureAll(b *testing.B, s *store.Store, ctx context.Context, docs [][]byte) {
	for _, body := range docs {
		if err := captureOne(s, ctx, body); err != nil {
			b.Fatal(err)
		}
	}
}

func captureOne(s *store.Store, ctx context.Context, body []byte) error {
	if err := epcis.Validate(body); err != nil {
		return err
	}
	doc, err := epcis.DecodeDocument(body)
	if err != nil {
		return err
	}
	_, err = s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
	return err
}

func BenchmarkCapture1000_SQLite(b *testing.B) { benchCapture(b, openSQLite(b, nil), 1) }

func BenchmarkCapture1000TwoClients_SQLite(b *testing.B) { benchCapture(b, openSQLite(b, nil), 2) }

func BenchmarkCapture1000_Postgres(b *testing.B) { benchCapture(b, OpenPostgres(b, nil), 1) }

// benchCaptureGenerated captures b.N events of a generated supply chain
// (lotledger gen: harvests, cooling readings, production from 2–8 lots,
// silo lots, shipments, returns), in documents of 1,000 events made before
// the clock starts: validate, decode, capture, durable commit. With
// -benchtime 100000x it is the capture of the first 100k events of the
// history lotledger bench loads.
func benchCaptureGenerated(b *testing.B, s *store.Store) {
	ctx := lotledger.WithUser(context.Background(), "bench")
	g, err := gen.New(gen.Config{Events: max(b.N, gen.MinEvents), Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	if err := g.Master().Load(ctx, s); err != nil {
		b.Fatal(err)
	}
	var docs [][]byte
	err = g.Documents(1000, func(body []byte, _ []gen.Op) error {
		docs = append(docs, append([]byte(nil), body...))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	captureAll(b, s, ctx, docs)
	b.ReportMetric(float64(max(b.N, gen.MinEvents))/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkCaptureGenerated_SQLite(b *testing.B) { benchCaptureGenerated(b, openSQLite(b, nil)) }

func BenchmarkCaptureGenerated_Postgres(b *testing.B) { benchCaptureGenerated(b, OpenPostgres(b, nil)) }

// BenchmarkAllocateFEFO ships by SKU alone, so that every line is allocated
// first-expired-first-out across 500 lots with different expiries; 1,000
// shipments to a transaction, so the figure is the allocation and the
// event, not the commit.
// BenchmarkCaptureConcurrent captures one-event documents from 16
// goroutines at once, as sixteen scanners would: group commit at the store,
// without HTTP.
func BenchmarkCaptureConcurrent_SQLite(b *testing.B) { benchCaptureConcurrent(b, openSQLite(b, nil)) }

func BenchmarkCaptureConcurrent_Postgres(b *testing.B) {
	benchCaptureConcurrent(b, OpenPostgres(b, nil))
}

func benchCaptureConcurrent(b *testing.B, s *store.Store) {
	ctx := benchWorld(b, s)
	docs := make([]*epcis.DecodedDocument, b.N)
	for i := range docs {
		doc, err := epcis.DecodeDocument(captureDocument(i, 1))
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = doc
	}
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(docs)); i = next.Add(1) - 1 {
				if _, err := s.Capture(ctx, docs[i], store.CaptureOptions{CreateLots: true}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}

func BenchmarkAllocateFEFO_SQLite(b *testing.B) {
	s := openSQLite(b, nil)
	ctx := benchWorld(b, s)
	if _, err := s.CreateParty(ctx, lotledger.Party{Code: "SHOP", Name: "Shop", Kind: "customer"}); err != nil {
		b.Fatal(err)
	}
	err := s.Batch(ctx, func(bt *store.Batch) error {
		for i := range 500 {
			_, err := bt.Receive(lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-03-01T08:00:00Z",
				Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: fmt.Sprint("L", i), Quantity: "100000", Expires: fmt.Sprintf("2027-%02d-%02d", 1+i%12, 1+i%28)}}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(1000, b.N-done)
		err := s.Batch(ctx, func(bt *store.Batch) error {
			for range n {
				if _, err := bt.Ship(lotledger.Shipment{From: "DC1", Customer: "SHOP", Time: "2026-03-02T08:00:00Z",
					Lines: []lotledger.Line{{SKU: "PB16", Quantity: "3"}}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "shipments/s")
}

// BenchmarkScope_SQLite and _Postgres answer scopes from the in-memory
// summary on generated history: forward from a harvested lot (narrow),
// forward from a bulk commodity lot (silo), backward from a finished good.
// The history has LOTLEDGER_BENCH_EVENTS events (50,000 unless set).
func BenchmarkScope_SQLite(b *testing.B) { benchScope(b, openSQLite(b, nil)) }

func BenchmarkScope_Postgres(b *testing.B) { benchScope(b, OpenPostgres(b, nil)) }

func benchScope(b *testing.B, s *store.Store) {
	events := 50_000
	if v := os.Getenv("LOTLEDGER_BENCH_EVENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < gen.MinEvents {
			b.Fatalf("LOTLEDGER_BENCH_EVENTS=%q: want a number of events, at least %d", v, gen.MinEvents)
		}
		events = n
	}
	ctx := lotledger.WithUser(context.Background(), "bench")
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
	// the summary and the genealogy index are loaded before the clock starts
	if _, err := s.LoadScope(ctx); err != nil {
		b.Fatal(err)
	}
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
			lots, lines := 0, 0
			for i := 0; b.Loop(); i++ {
				l := c.lots[(i*7)%len(c.lots)] // the same spread of lots each run
				sc, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: []lotledger.LotRef{l}, Direction: c.dir})
				if err != nil {
					b.Fatal(err)
				}
				lots, lines = lots+len(sc.Lots), lines+len(sc.Customers)+len(sc.Stock)+len(sc.Suppliers)
			}
			b.ReportMetric(float64(lots)/float64(b.N), "lots/op")
			b.ReportMetric(float64(lines)/float64(b.N), "lines/op")
		})
	}
}

// BenchmarkEPCISQuery_SQLite answers EPCIS queries over the first 100,000
// events of the generated supply chain (lotledger gen --seed 1), each a
// first page as GET /epcis/events asks for it: one lot's events; the latest
// shipment (orderBy, eventCountLimit); a page of a business step; a page of
// a site with its sub-locations (WD_bizLocation); the events recorded since
// a recent time, as a polling partner asks; a page of everything.
func BenchmarkEPCISQuery_SQLite(b *testing.B) {
	s := openSQLite(b, nil)
	ctx := lotledger.WithUser(context.Background(), "bench")
	loadGenerated(b, ctx, s, 100_000, 1)
	if err := s.Optimize(ctx); err != nil {
		b.Fatal(err)
	}
	var lot, site, recent string
	db := s.DB()
	if err := db.QueryRow(`SELECT uri FROM epcis_refs WHERE role = 'epcClass' ORDER BY seq LIMIT 1 OFFSET 20000`).Scan(&lot); err != nil {
		b.Fatal(err)
	}
	if err := db.QueryRow(`SELECT biz_location FROM epcis_events WHERE biz_location <> '' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&site); err != nil {
		b.Fatal(err)
	}
	if err := db.QueryRow(`SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1 OFFSET 1000`).Scan(&recent); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		params  map[string][]string
		perPage int
	}{
		{"lot", map[string][]string{"MATCH_anyEPCClass": {lot}}, 0},
		{"latest_shipment", map[string][]string{"EQ_bizStep": {"shipping"}, "orderBy": {"eventTime"}, "eventCountLimit": {"1"}}, 0},
		{"biz_step_page", map[string][]string{"EQ_bizStep": {"receiving"}}, 100},
		{"site_with_sublocations_page", map[string][]string{"WD_bizLocation": {site}}, 100},
		{"recorded_since", map[string][]string{"GE_recordTime": {recent}}, 100},
		{"all_page", map[string][]string{}, 1000},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				res, err := s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: c.params, PerPage: c.perPage})
				if err != nil || len(res.Events) == 0 {
					b.Fatalf("%d events, %v", len(res.Events), err)
				}
			}
		})
	}
	// A subscription's report: the next 1,000 shipments after its place.
	if _, err := s.SaveEPCISQuery(ctx, "shipments", map[string][]string{"EQ_bizStep": {"shipping"}}); err != nil {
		b.Fatal(err)
	}
	b.Run("subscription_report_1000", func(b *testing.B) {
		for b.Loop() {
			events, _, more, err := s.SubscriptionReport(ctx, lotledger.EPCISSubscription{Query: "shipments"}, 1000)
			if err != nil || len(events) != 1000 || !more {
				b.Fatalf("%d events, more %v, %v", len(events), more, err)
			}
		}
	})
	b.Run("values_bizLocations", func(b *testing.B) {
		for b.Loop() {
			values, _, err := s.EPCISValues(ctx, "bizLocations", "", 1000)
			if err != nil || len(values) == 0 {
				b.Fatalf("%d values, %v", len(values), err)
			}
		}
	})
}
