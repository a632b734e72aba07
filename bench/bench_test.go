package bench_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lotledger"
	"lotledger/bench"
	"lotledger/store"
)

func pgDSN(t *testing.T) string {
	dsn := os.Getenv("LOTLEDGER_TEST_POSTGRES")
	if dsn == "" {
		t.Log("PostgreSQL systems skipped: set LOTLEDGER_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them")
	}
	return dsn
}

// testSchema is a schema prefix of the test's own, so that a test never
// touches the schemas of a `lotledger bench` running beside it; the schemas
// are dropped when the test ends.
func testSchema(t *testing.T, dsn string) string {
	prefix := fmt.Sprintf("lltest_bench_%d", os.Getpid())
	if dsn == "" {
		return prefix
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer db.Close()
		for _, s := range []string{"_bench", "_baseline_b1", "_baseline_b1_tuned", "_baseline_b2"} {
			db.Exec(`DROP SCHEMA IF EXISTS ` + prefix + s + ` CASCADE`)
		}
	})
	return prefix
}

// TestRun_EverySystemAgrees is the smoke run: every workload runs on
// lotledger (SQLite, and PostgreSQL when available) and every baseline,
// and all of them give the same answers to the same questions.
func TestRun_EverySystemAgrees(t *testing.T) {
	var log bytes.Buffer
	dsn := pgDSN(t)
	rep, err := bench.Run(context.Background(), bench.Config{Events: 6000, Seed: 3, SQLite: true, PostgresDSN: dsn, Schema: testSchema(t, dsn),
		Dir: t.TempDir(), Baselines: true, Samples: 20, Budget: 20 * time.Second, RateStep: 300 * time.Millisecond, Log: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	var out bytes.Buffer
	rep.Print(&out)
	t.Log("\n" + out.String())
	if len(rep.Disagreements) > 0 {
		t.Fatalf("systems disagree:\n%s", strings.Join(rep.Disagreements, "\n"))
	}
	seen := map[string]bool{}
	for _, r := range rep.Results {
		seen[strings.Fields(r.Workload)[0]+" "+r.System] = true
	}
	want := []string{"capture-batch lotledger/sqlite", "trace-backward lotledger/sqlite", "trace-forward B4 in-memory bfs",
		"recall-scope B3 recursive sqlite", "capture-single lotledger/sqlite", "api-mixed lotledger/sqlite", "fsma-export lotledger"}
	if os.Getenv("LOTLEDGER_TEST_POSTGRES") != "" {
		want = append(want, "trace-backward lotledger/postgres", "trace-forward B1 odoo-walk", "trace-forward B1 odoo-walk tuned", "recall-scope B2 recursive pg")
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("no result for %s", w)
		}
	}
}

func TestRun_RefusesImpossibleParameters(t *testing.T) {
	for _, c := range []struct {
		cfg   bench.Config
		field string
	}{
		{bench.Config{Events: 5, SQLite: true}, "events"},
		{bench.Config{Events: 5000}, "db"},
		{bench.Config{Events: 5000, SQLite: true, Workloads: []string{"trace-sideways"}}, "workloads"},
		{bench.Config{Events: 5000, SQLite: true, Samples: -1}, "samples"},
		{bench.Config{Events: 5000, SQLite: true, Budget: -time.Second}, "budget"},
		{bench.Config{Events: 5000, SQLite: true, Schema: "Robert'); DROP TABLE x;--"}, "schema"},
	} {
		_, err := bench.Run(context.Background(), c.cfg)
		if e := lotledger.AsError(err); e == nil || e.Field != c.field {
			t.Errorf("%+v: got %v, want an error naming %s", c.cfg, err, c.field)
		}
	}
}

// cancelOnWrite cancels a run when it first reports progress (after 20,000
// events), as Ctrl-C would in the middle of capturing.
type cancelOnWrite struct{ cancel context.CancelFunc }

func (c cancelOnWrite) Write(p []byte) (int, error) { c.cancel(); return len(p), nil }

// TestRun_InterruptedLeavesUsableDatabase stops a run while it captures:
// the run ends with the context's error and the database verifies.
func TestRun_InterruptedLeavesUsableDatabase(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := bench.Run(ctx, bench.Config{Events: 200_000, Seed: 1, SQLite: true, Dir: dir, Workloads: []string{"capture-batch"},
		Log: cancelOnWrite{cancel}})
	if err == nil || ctx.Err() == nil {
		t.Fatalf("run ended with %v before it was interrupted", err)
	}
	s, err := store.Open(context.Background(), filepath.Join(dir, "lotledger-bench.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Verify(context.Background())
	if err != nil || !v.OK || v.Events == 0 {
		t.Fatalf("after the interruption: %+v, %v", v, err)
	}
}
