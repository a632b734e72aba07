package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/internal/storetest"
	"lotledger/store"
)

// TestMigration0008_KeepsEveryRow fills a database as lotledger left it
// before the WITHOUT ROWID tables (version 7), migrates it, and checks that
// every projection row, the EPCIS index and the chain came through.
func TestMigration0008_KeepsEveryRow(t *testing.T) {
	migrateFilled(t, filepath.Join(t.TempDir(), "old.db"), 7, func(s *store.Store) {
		for _, table := range []string{"epcis_refs", "movements", "lot_edges", "deliveries", "status_changes"} {
			var ddl string
			if err := s.DB().QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&ddl); err != nil {
				t.Fatal(table, err)
			}
			if !strings.Contains(ddl, "WITHOUT ROWID") {
				t.Errorf("%s is still a rowid table: %s", table, ddl)
			}
		}
	})
}

// TestMigration0010_KeepsEveryRow does the same on PostgreSQL from version
// 9, before the per-event projections lost their foreign keys and the EPCIS
// identifiers their key by event.
func TestMigration0010_KeepsEveryRow(t *testing.T) {
	migrateFilled(t, postgresSchema(t), 9, func(s *store.Store) {
		var fks int
		if err := s.DB().QueryRow(`SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN (
			'movements'::regclass, 'deliveries'::regclass, 'lot_edges'::regclass, 'status_changes'::regclass,
			'transits'::regclass, 'error_declarations'::regclass, 'epcis_events'::regclass, 'epcis_refs'::regclass)`).Scan(&fks); err != nil {
			t.Fatal(err)
		}
		if fks != 0 {
			t.Errorf("%d foreign keys left on the per-event projections", fks)
		}
		var key string
		if err := s.DB().QueryRow(`SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'p' AND conrelid = 'epcis_refs'::regclass`).Scan(&key); err != nil {
			t.Fatal(err)
		}
		if key != "PRIMARY KEY (uri, role, seq)" {
			t.Errorf("epcis_refs key %s", key)
		}
	})
}

// migrateFilled fills the database at dsn, at schema version from, with
// generated history, migrates it to the latest version, checks it with
// check, and checks that every projection row and EPCIS identifier came
// through, that the chain verifies, that the EPCIS index answers and that a
// rebuild writes the same.
func migrateFilled(t *testing.T, dsn string, from int, check func(*store.Store)) {
	ctx := lotledger.WithUser(context.Background(), "test")
	old, err := store.OpenAtVersion(ctx, dsn, from)
	if err != nil {
		t.Fatal(err)
	}
	loadGenerated(t, ctx, old, 3000, 3)
	before := storetest.Snapshot(t, old.DB()) + refs(t, old)
	old.Close()

	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := storetest.Snapshot(t, s.DB()) + refs(t, s); after != before {
		t.Fatal("the projections changed in the migration")
	}
	check(s)
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify after the migration: %+v, %v", rep, err)
	}
	// The EPCIS index still answers by identifier, and a new capture lands.
	var class string
	var n int
	if err := s.DB().QueryRow(`SELECT uri, COUNT(*) FROM epcis_refs WHERE role = 'epcClass' GROUP BY uri ORDER BY 2 DESC, 1 LIMIT 1`).Scan(&class, &n); err != nil {
		t.Fatal(err)
	}
	res, err := s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"MATCH_anyEPCClass": {class}}, PerPage: 1000})
	if err != nil || len(res.Events) < n {
		t.Fatalf("EPCIS query for %s after the migration: %d events of at least %d, %v", class, len(res.Events), n, err)
	}
	if err := s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := storetest.Snapshot(t, s.DB()) + refs(t, s); rebuilt != before {
		t.Fatal("a rebuild after the migration differs")
	}
}

// refs is the EPCIS identifier index as text.
func refs(t *testing.T, s *store.Store) string {
	t.Helper()
	rows, err := s.DB().Query(`SELECT seq, role, uri FROM epcis_refs ORDER BY seq, role, uri`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var seq int64
		var role, uri string
		if err := rows.Scan(&seq, &role, &uri); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d %s %s\n", seq, role, uri)
	}
	return b.String()
}

// TestMigration0015_IndexesSensorDataAlreadyCaptured: a ledger whose events
// carry sensor data from before the sensor index gets them indexed by the
// migration, on both databases.
func TestMigration0015_IndexesSensorDataAlreadyCaptured(t *testing.T) {
	var events []string
	for i := range 3 {
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-03-09T10:0%d:00Z","eventTimeZoneOffset":"+00:00",
			"action":"OBSERVE","epcList":["urn:epc:id:sscc:0614141.123456789%d"],
			"sensorElementList":[{"sensorReport":[{"type":"Temperature","value":%d,"uom":"CEL"}]}]}`, i, i, 4*i))
	}
	indexedByMigration(t, events, []string{`DROP TABLE epcis_sensors`, `DELETE FROM schema_migrations WHERE version = 15`},
		map[string][]string{"GT_value_CEL": {"3"}}, 2)
}

// TestMigration0016_IndexesPersistentDispositions: the same for the
// dispositions events set for good.
func TestMigration0016_IndexesPersistentDispositions(t *testing.T) {
	var events []string
	for i, d := range []string{"completeness_inferred", "completeness_verified", "completeness_inferred"} {
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-03-09T10:0%d:00Z","eventTimeZoneOffset":"+00:00",
			"action":"OBSERVE","epcList":["urn:epc:id:sscc:0614141.123456789%d"],"persistentDisposition":{"set":[%q]}}`, i, i, d))
	}
	indexedByMigration(t, events, []string{`DELETE FROM epcis_refs WHERE role LIKE 'persistentDisposition%'`, `DELETE FROM schema_migrations WHERE version = 16`},
		map[string][]string{"EQ_persistentDisposition_set": {"completeness_inferred"}}, 2)
}

// TestMigration0017_IndexesQuantities: the same for the quantities of
// events.
func TestMigration0017_IndexesQuantities(t *testing.T) {
	var events []string
	for i := range 3 {
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-03-09T10:0%d:00Z","eventTimeZoneOffset":"+00:00",
			"action":"OBSERVE","quantityList":[{"epcClass":"https://id.gs1.org/01/00614141000036/10/L%d","quantity":%d,"uom":"KGM"}]}`, i, i, 1000*i))
	}
	indexedByMigration(t, events, []string{`DROP TABLE epcis_quantities`, `DELETE FROM schema_migrations WHERE version = 17`},
		map[string][]string{"GT_quantity_GRM": {"1500000"}}, 1)
}

func TestMigration0018_IndexesFields(t *testing.T) {
	var events []string
	for i := range 3 {
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-03-09T10:0%d:00Z","eventTimeZoneOffset":"+00:00",
			"action":"ADD","epcList":["urn:epc:id:sgtin:0614141.107346.%d"],"ilmd":{"cbvmda:itemExpirationDate":"2027-03-0%d"}}`, i, i, i+1))
	}
	indexedByMigration(t, events, []string{`ALTER TABLE epcis_events DROP COLUMN fields`, `DELETE FROM schema_migrations WHERE version = 18`},
		map[string][]string{"GE_ILMD_cbvmda:itemExpirationDate": {"2027-03-02"}}, 2)
}

// TestMigration0019_IndexesFieldsOfParts: the events recorded before 0019
// gain the fields of their sensor data, readPoint, bizLocation and error
// declarations.
func TestMigration0019_IndexesFieldsOfParts(t *testing.T) {
	var events []string
	for i := range 3 {
		events = append(events, fmt.Sprintf(`{"type":"ObjectEvent","eventTime":"2026-03-09T10:0%d:00Z","eventTimeZoneOffset":"+00:00",
			"action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.%d"],"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0","ex:dock":"D%d"},
			"sensorElementList":[{"sensorReport":[{"type":"Temperature","value":4,"uom":"CEL","ex:probe":"P%d"}]}]}`, i, i, i, i))
	}
	undo := []string{`UPDATE epcis_events SET fields = NULL`, `DELETE FROM schema_migrations WHERE version = 19`}
	indexedByMigration(t, events, undo, map[string][]string{"EQ_SENSORREPORT_ex:probe": {"P1", "P2"}}, 2)
	indexedByMigration(t, events, undo, map[string][]string{"EQ_readPoint_ex:dock": {"D0"}}, 1)
}

// indexedByMigration captures events, undoes what a migration indexed (as
// a ledger captured before it), opens the ledger again, which migrates it,
// and checks that the query finds want events, on both databases.
func indexedByMigration(t *testing.T, events, undo []string, query map[string][]string, want int) {
	for name, dsn := range map[string]func(t *testing.T) string{
		"SQLite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "old.db") },
		"Postgres": func(t *testing.T) string { return postgresSchema(t) },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := lotledger.WithUser(context.Background(), "test")
			dsn := dsn(t)
			s, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := epcis.DecodeDocument([]byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
				"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-10T08:00:00Z","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Capture(ctx, doc, store.CaptureOptions{KeepUnknown: true}); err != nil {
				t.Fatal(err)
			}
			for _, q := range undo {
				if _, err := s.DB().Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			s.Close()
			s, err = store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			res, err := s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: query})
			if err != nil || len(res.Events) != want {
				t.Fatalf("%v after the migration: %d events, %v; want %d", query, len(res.Events), err, want)
			}
		})
	}
}
