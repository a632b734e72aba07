// Package bench is lotledger's benchmark harness: it generates a supply
// chain's history (package gen), captures it into lotledger on SQLite and
// on PostgreSQL, loads the same history into the move-line schema of the
// ERP baselines (package baseline), and runs named workloads on every
// system, comparing their answers as well as their speed.
package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"lotledger"
	"lotledger/bench/baseline"
	"lotledger/gen"
	"lotledger/store"
)

// Workloads lotledger bench knows, in the order they run.
var Workloads = []string{"capture-batch", "trace-backward", "trace-forward", "recall-scope", "capture-single", "api-mixed", "cold-start", "fsma-export"}

// Config says what to run.
type Config struct {
	Events      int
	Seed        int64
	Workloads   []string // default: all
	SQLite      bool     // run lotledger on SQLite (a file in Dir)
	PostgresDSN string   // run lotledger and the PostgreSQL baselines here ("" skips them)
	Schema      string   // prefix of the PostgreSQL schemas the run replaces (default "lotledger": lotledger_bench, lotledger_baseline_b1, ...)
	Dir         string   // for SQLite files
	Baselines   bool
	Samples     int           // random lots per trace workload and system (default 200)
	Budget      time.Duration // at most this long per workload and system (default 30s)
	Executable  string        // the lotledger binary, for cold-start ("" skips it)
	RateStep    time.Duration // how long api-mixed offers each rate (default 3s)
	Log         io.Writer     // progress
}

// Validate checks the configuration and fills defaults.
func (c *Config) Validate() error {
	if err := (&gen.Config{Events: c.Events, Seed: c.Seed}).Validate(); err != nil {
		return err
	}
	if !c.SQLite && c.PostgresDSN == "" {
		return lotledger.Errorf(lotledger.EINVALID, "db", "choose at least one database: SQLite, PostgreSQL or both")
	}
	if len(c.Workloads) == 0 {
		c.Workloads = Workloads
	}
	for _, w := range c.Workloads {
		if !slices.Contains(Workloads, w) {
			return lotledger.Errorf(lotledger.EINVALID, "workloads", "unknown workload %q (known: %s)", w, strings.Join(Workloads, ", "))
		}
	}
	if c.Samples == 0 {
		c.Samples = 200
	}
	if c.Samples < 1 || c.Samples > 1_000_000 {
		return lotledger.Errorf(lotledger.EINVALID, "samples", "samples must be between 1 and 1000000")
	}
	if c.Budget < 0 || c.RateStep < 0 {
		return lotledger.Errorf(lotledger.EINVALID, "budget", "budget and rate step must not be negative")
	}
	if c.Budget == 0 {
		c.Budget = 30 * time.Second
	}
	if c.RateStep == 0 {
		c.RateStep = 3 * time.Second
	}
	if c.Dir == "" {
		c.Dir = os.TempDir()
	}
	if c.Schema == "" {
		c.Schema = "lotledger"
	}
	if !schemaPrefix.MatchString(c.Schema) {
		return lotledger.Errorf(lotledger.EINVALID, "schema", "schema prefix %q must be lower-case letters, digits and _, starting with a letter, at most 40", c.Schema)
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return nil
}

var schemaPrefix = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Report is the outcome of a run, as written to the JSON results file.
type Report struct {
	Started       time.Time `json:"started"`
	Machine       string    `json:"machine"`
	GoVersion     string    `json:"go_version"`
	Events        int       `json:"events"`
	Seed          int64     `json:"seed"`
	Lots          int       `json:"lots"`
	MoveLines     int       `json:"move_lines"`
	Results       []Result  `json:"results"`
	Disagreements []string  `json:"disagreements"`
}

// Every PostgreSQL connection of a run, lotledger's and the baselines',
// has JIT compilation off: it costs tens of milliseconds on statements that
// run in one, and an OLTP database would have it off.

// system is lotledger on one database.
type system struct {
	name  string
	dsn   string
	store *store.Store
}

// run is one benchmark run's state.
type run struct {
	cfg     Config
	rep     *Report
	systems []*system
	ml      *moveLines
	lots    lotCatalog
	base    []baseline.System
	sites   []*gen.Site
	ctx     context.Context
}

func (r *run) logf(format string, args ...any) { fmt.Fprintf(r.cfg.Log, format+"\n", args...) }

// Run runs the configured workloads and returns the report. A cancelled
// context stops it between operations; the databases stay usable.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	r := &run{cfg: cfg, ctx: lotledger.WithUser(ctx, "bench"), rep: &Report{Started: time.Now().UTC(), GoVersion: runtime.Version(),
		Machine: fmt.Sprintf("%s, %d CPU, %s/%s", host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH), Events: cfg.Events, Seed: cfg.Seed,
		Disagreements: []string{}}}
	defer r.close()
	if err := r.open(); err != nil {
		return nil, err
	}
	if err := r.load(); err != nil {
		return r.rep, err
	}
	for _, w := range cfg.Workloads {
		if err := ctx.Err(); err != nil {
			return r.rep, err
		}
		if err := r.workload(w); err != nil {
			return r.rep, fmt.Errorf("%s: %w", w, err)
		}
	}
	return r.rep, nil
}

func (r *run) workload(w string) error {
	switch w {
	case "capture-batch":
		return nil // measured while loading
	case "trace-backward":
		return r.traces(w, true)
	case "trace-forward":
		return r.traces(w, false)
	case "recall-scope":
		return r.recalls()
	case "capture-single":
		return r.captureSingle()
	case "api-mixed":
		return r.apiMixed()
	case "cold-start":
		return r.coldStart()
	case "fsma-export":
		r.rep.Results = append(r.rep.Results, Result{Workload: w, System: "lotledger", Note: "skipped: lotledger has no FSMA 204 export yet"})
	}
	return nil
}

// open creates fresh databases: lotledger's own SQLite file and
// PostgreSQL schema, and the baselines' schemas and file.
func (r *run) open() error {
	if r.cfg.SQLite {
		path := filepath.Join(r.cfg.Dir, "lotledger-bench.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		if err := r.openSystem("lotledger/sqlite", path); err != nil {
			return err
		}
	}
	if r.cfg.PostgresDSN != "" {
		if err := resetSchema(r.ctx, r.cfg.PostgresDSN, r.cfg.Schema+"_bench"); err != nil {
			return err
		}
		if err := r.openSystem("lotledger/postgres", withParam(withSearchPath(r.cfg.PostgresDSN, r.cfg.Schema+"_bench"), "jit=off")); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) openSystem(name, dsn string) error {
	s, err := store.Open(r.ctx, dsn, store.Options{})
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	r.systems = append(r.systems, &system{name: name, dsn: dsn, store: s})
	return nil
}

func withSearchPath(dsn, schema string) string { return withParam(dsn, "search_path="+schema) }

// withParam adds a key=value parameter to a PostgreSQL URL.
func withParam(dsn, kv string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + kv
}

// resetSchema drops and recreates a PostgreSQL schema of the bench's own.
func resetSchema(ctx context.Context, dsn, schema string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema)
	return err
}

func (r *run) close() {
	for _, s := range r.systems {
		s.store.Close()
	}
	for _, b := range r.base {
		b.Close()
	}
}

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// Print writes the report as a table.
func (rep *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "lotledger bench: %d events (seed %d), %d lots, %d move lines; %s; %s\n\n", rep.Events, rep.Seed, rep.Lots, rep.MoveLines, rep.Machine, rep.GoVersion)
	printTable(w, rep.Results)
	if len(rep.Disagreements) == 0 {
		fmt.Fprintln(w, "\nanswers: every system agreed on every question")
		return
	}
	fmt.Fprintf(w, "\nanswers: %d DISAGREEMENTS\n", len(rep.Disagreements))
	for _, d := range rep.Disagreements {
		fmt.Fprintln(w, "  "+d)
	}
}
