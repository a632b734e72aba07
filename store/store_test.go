package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lotledger/internal/storetest"
	"lotledger/store"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) *store.Store {
		return openSQLite(t, now)
	})
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) *store.Store {
		return OpenPostgres(t, now)
	})
}

func openSQLite(t testing.TB, now func() time.Time) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lotledger.db"), store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var schemaSeq atomic.Int64

// pgDSNs remembers the DSN of each store OpenPostgres opened, so that a test
// can open a second store (a second process) on the same schema.
var pgDSNs sync.Map

func postgresDSN(t testing.TB, s *store.Store) string {
	dsn, ok := pgDSNs.Load(s)
	if !ok {
		t.Fatal("store was not opened by OpenPostgres")
	}
	return dsn.(string)
}

// OpenPostgres opens a store in a new schema of the database named by
// LOTLEDGER_TEST_POSTGRES, dropped when the test ends. Without the variable
// the test is skipped (CI always sets it).
func OpenPostgres(t testing.TB, now func() time.Time) *store.Store {
	t.Helper()
	dsn := postgresSchema(t)
	s, err := store.Open(context.Background(), dsn, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	pgDSNs.Store(s, dsn)
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresSchema makes a new, empty schema and returns the DSN that uses it;
// the schema is dropped when the test ends (after the test's own cleanups,
// which close its stores). Without LOTLEDGER_TEST_POSTGRES the test is
// skipped.
func postgresSchema(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("LOTLEDGER_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PostgreSQL tests skipped: set LOTLEDGER_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them")
	}
	schema := fmt.Sprintf("lltest_%d_%d", os.Getpid(), schemaSeq.Add(1))
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE; CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

// TestEPCISQuery_SmallScanWindow runs the EPCIS query tests with a query
// first looking for its page among as many events as the page holds, and
// one more: the page is then found there for filters most events match,
// and by the filters' indexes for the others, and both must give the same
// answers.
func TestEPCISQuery_SmallScanWindow(t *testing.T) {
	store.SetEPCISScanWindow(t, 1)
	onBothDatabases(t, storetest.RunEPCISQuery)
}

// onBothDatabases runs a storetest suite as subtests on SQLite and on
// PostgreSQL.
func onBothDatabases(t *testing.T, run func(*testing.T, storetest.Opener)) {
	t.Run("SQLite", func(t *testing.T) {
		run(t, func(t *testing.T, now func() time.Time) *store.Store { return openSQLite(t, now) })
	})
	t.Run("Postgres", func(t *testing.T) {
		run(t, func(t *testing.T, now func() time.Time) *store.Store { return OpenPostgres(t, now) })
	})
}

// TestEPCISIdentifiers_PagesThatStopEarly: GET /epcis/epcs's list is whole
// and in order when every page stops after reading one batch of
// identifiers, as pages do among the business transactions of a large
// ledger.
func TestEPCISIdentifiers_PagesThatStopEarly(t *testing.T) {
	store.SetIdentifierScan(t, 1)
	onBothDatabases(t, storetest.RunEPCISIdentifiers)
}
