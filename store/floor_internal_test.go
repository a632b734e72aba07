package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkStorageFloor_SQLite measures what SQLite itself costs for the
// least any design of capture must write for a receipt of a new lot, with
// nothing of lotledger around it: no validation, decoding, hashing,
// resolving or reading. Each event is one row in each of five tables (the
// event with its EPCIS JSON, 0.4 KB, and a 32-byte chain hash; the lot; its
// stock; the movement; the identifier it names), inserted 100 rows to an
// INSERT, one commit per 1,000 events, through the store's own driver and
// settings (WAL, synchronous=FULL). The rows are built before the clock
// starts.
//
//   - minimal: the event indexed by time, business step and location, the
//     lot by item and code, the movement by lot (11 B-tree entries an event;
//     lotledger's queries need more: record time, disposition, read point,
//     expiry for FEFO, status).
//   - minimal+id: and a UNIQUE index on the event id, a random key (12).
//   - tables-only: no secondary index at all (5).
//
// Its figures bound capture from above: BENCHMARKS.md, "The storage engine's
// floor".
func BenchmarkStorageFloor_SQLite(b *testing.B) {
	const (
		tables = `
CREATE TABLE ev (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL, event_time TEXT NOT NULL, biz_step TEXT NOT NULL, biz_location TEXT NOT NULL, epcis TEXT NOT NULL, hash BLOB NOT NULL);
CREATE TABLE lots (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, code TEXT NOT NULL, expires TEXT NOT NULL, status TEXT NOT NULL, created_seq INTEGER NOT NULL);
CREATE TABLE stock (lot_id INTEGER NOT NULL, location_id INTEGER NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (lot_id, location_id)) WITHOUT ROWID;
CREATE TABLE movements (seq INTEGER NOT NULL, lot_id INTEGER NOT NULL, location_id INTEGER NOT NULL, qty INTEGER NOT NULL, PRIMARY KEY (seq, lot_id, location_id)) WITHOUT ROWID;
CREATE TABLE refs (uri TEXT NOT NULL, role INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (uri, role, seq)) WITHOUT ROWID`
		minimal = `
CREATE INDEX ev_time ON ev (event_time, seq);
CREATE INDEX ev_step ON ev (biz_step, seq);
CREATE INDEX ev_location ON ev (biz_location, seq);
CREATE UNIQUE INDEX lots_code ON lots (item_id, code);
CREATE INDEX movements_lot ON movements (lot_id, seq)`
		byID = `
CREATE UNIQUE INDEX ev_id ON ev (event_id)`
	)
	for _, bc := range []struct {
		name, schema string
		entries      int
	}{
		{"minimal", tables + ";" + minimal, 11},
		{"minimal+id", tables + ";" + minimal + ";" + byID, 12},
		{"tables-only", tables, 5},
	} {
		b.Run(bc.name, func(b *testing.B) {
			db, err := sql.Open("sqlite", sqliteWriterDSN(filepath.Join(b.TempDir(), "floor.db")))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			db.SetMaxOpenConns(1)
			for stmt := range strings.SplitSeq(bc.schema, ";") {
				if _, err := db.Exec(stmt); err != nil {
					b.Fatal(err)
				}
			}
			floorInsert(b, db, floorRows((b.N+999)/1000*1000))
			b.ReportMetric(float64(bc.entries), "entries/event")
		})
	}
}

// floorBatch is 100 events' rows, one argument list a table.
type floorBatch [5][]any

var floorTables = [5]struct {
	name string
	cols int
}{{"ev", 7}, {"lots", 6}, {"stock", 3}, {"movements", 4}, {"refs", 3}}

func floorRows(n int) []floorBatch {
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	batches := make([]floorBatch, n/100)
	for seq := 1; seq <= n; seq++ {
		h := sha256.Sum256(fmt.Appendf(nil, "%d", seq))
		at := start.Add(time.Duration(seq) * time.Millisecond).Format("2006-01-02T15:04:05.000Z")
		class := fmt.Sprintf("https://id.gs1.org/01/00614141000036/10/C%d", seq)
		js := `{"type":"ObjectEvent","eventTime":"` + at + `","eventTimeZoneOffset":"+00:00","action":"ADD","bizStep":"receiving","disposition":"in_progress",` +
			`"bizLocation":{"id":"https://id.gs1.org/414/0614141000012"},"quantityList":[{"epcClass":"` + class + `","quantity":24}],"ilmd":{"cbvmda:itemExpirationDate":"2027-03-01"}}`
		bt := &batches[(seq-1)/100]
		bt[0] = append(bt[0], seq, "ni:///sha-256;"+hex.EncodeToString(h[:])+"?ver=CBV2.0", at, "receiving", "https://id.gs1.org/414/0614141000012", js, h[:])
		bt[1] = append(bt[1], seq, 1, fmt.Sprintf("C%d", seq), "2027-03-01", "released", seq)
		bt[2] = append(bt[2], seq, 1, 24_000_000)
		bt[3] = append(bt[3], seq, seq, 1, 24_000_000)
		bt[4] = append(bt[4], class, 2, seq)
	}
	return batches
}

// floorInsert writes the batches, ten to a transaction, and reports events/s.
func floorInsert(b *testing.B, db *sql.DB, batches []floorBatch) {
	var stmts [5]string
	for i, t := range floorTables {
		row := "(?" + strings.Repeat(",?", t.cols-1) + ")"
		stmts[i] = "INSERT INTO " + t.name + " VALUES " + row + strings.Repeat(","+row, 99)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < len(batches); i += 10 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, bt := range batches[i:min(i+10, len(batches))] {
			for t, args := range bt {
				if _, err := tx.Exec(stmts[t], args...); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(batches)*100)/b.Elapsed().Seconds(), "events/s")
}
