package baseline

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// A system under test: how to open it, and whether it needs PostgreSQL.
type factory struct {
	name string
	open func(t *testing.T) System
}

func factories() []factory {
	return []factory{
		{"B1 odoo-walk", func(t *testing.T) System { return NewOdooWalk(testPostgres(t), testSchema(t), false) }},
		{"B1 odoo-walk tuned", func(t *testing.T) System { return NewOdooWalk(testPostgres(t), testSchema(t), true) }},
		{"B2 recursive pg", func(t *testing.T) System { return NewRecursivePG(testPostgres(t), testSchema(t)) }},
		{"B3 recursive sqlite", func(t *testing.T) System {
			s, err := NewRecursiveSQLite(filepath.Join(t.TempDir(), "b3.db"))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"B4 in-memory bfs", func(t *testing.T) System { return NewMemoryBFS() }},
	}
}

// MustLoad opens the system f makes, loads d into it, and closes it when the
// test ends.
func MustLoad(t *testing.T, f factory, d *Dataset) System {
	t.Helper()
	s := f.open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if got := s.Name(); got != f.name {
		t.Errorf("Name() = %q, want %q", got, f.name)
	}
	if err := s.Load(context.Background(), d); err != nil {
		t.Fatalf("load: %v", err)
	}
	return s
}

// testPostgres opens the database LOTLEDGER_TEST_POSTGRES names, or skips
// the test without it.
func testPostgres(t *testing.T) *sql.DB {
	t.Helper()
	dsn := os.Getenv("LOTLEDGER_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("set LOTLEDGER_TEST_POSTGRES=postgres://... to run the PostgreSQL baselines")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var schemaSeq atomic.Int64

// testSchema names a schema of its own for this test, dropped when it ends.
func testSchema(t *testing.T) string {
	t.Helper()
	schema := fmt.Sprintf("baseline_test_%d_%d", os.Getpid(), schemaSeq.Add(1))
	db := testPostgres(t)
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return schema
}
