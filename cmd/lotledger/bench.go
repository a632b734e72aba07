package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lotledger"
	"lotledger/bench"
	"lotledger/epcis"
	"lotledger/gen"
)

// genCommand generates a supply chain's history, deterministically, into
// the database or as EPCIS 2.0 documents.
func genCommand() *command {
	var cfg gen.Config
	var out string
	return &command{
		name:  "gen",
		usage: "gen --events N [--seed S] [--out DIR]           generate a realistic history (into --db, or EPCIS files)",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.IntVar(&cfg.Events, "events", 0, fmt.Sprintf("events to generate, %d to %d (S = 1000000, M = 10000000)", gen.MinEvents, gen.MaxEvents))
			fs.Int64Var(&cfg.Seed, "seed", 1, "the same seed gives the same history")
			fs.StringVar(&out, "out", "", "write EPCIS 2.0 documents of 1,000 events into this directory instead of the database")
		},
		run: func(m *Main, ctx context.Context) error {
			g, err := gen.New(cfg)
			if err != nil {
				return describe(err)
			}
			if out != "" {
				return genFiles(m, ctx, g, cfg, out)
			}
			return genDB(m, ctx, g, cfg)
		},
	}
}

// progress reports done of total on stderr, with the rate and time left.
func progress(m *Main, what string, done, total int, start time.Time) {
	el := time.Since(start).Seconds()
	rate := float64(done) / el
	left := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
	const width = 30
	bar := strings.Repeat("#", width*done/total) + strings.Repeat(".", width-width*done/total)
	fmt.Fprintf(m.Stderr, "\r%s [%s] %d/%d events, %.0f/s, %s left   ", what, bar, done, total, rate, left)
	if done == total {
		fmt.Fprintln(m.Stderr)
	}
}

func genFiles(m *Main, ctx context.Context, g *gen.Generator, cfg gen.Config, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	start, done, n := time.Now(), 0, 0
	err := g.Documents(1000, func(doc []byte, ops []gen.Op) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("epcis-%06d.json", n)), doc, 0o644); err != nil {
			return err
		}
		done += len(ops)
		progress(m, "gen", done, cfg.Events, start)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %d events in %d EPCIS documents to %s (import them with lotledger import --create-lots after creating the master data: lotledger gen writes it to a database only)\n", done, n, dir)
	return nil
}

func genDB(m *Main, ctx context.Context, g *gen.Generator, cfg gen.Config) error {
	s, err := m.open(ctx)
	if err != nil {
		return err
	}
	page, err := s.Events(ctx, lotledger.EventFilter{PageRequest: lotledger.PageRequest{Limit: 1}})
	if err != nil {
		return err
	}
	if len(page.Items) > 0 {
		return fmt.Errorf("gen: the database %s already holds events; generate into a new one", m.DB)
	}
	if err := g.Master().Load(ctx, s); err != nil {
		return err
	}
	start, done := time.Now(), 0
	err = g.Documents(1000, func(body []byte, ops []gen.Op) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		if _, err := s.Capture(ctx, doc, epcis.CaptureOptions{CreateLots: true}); err != nil {
			return describe(err)
		}
		done += len(ops)
		progress(m, "gen", done, cfg.Events, start)
		return s.FollowScope(ctx, done)
	})
	if err != nil {
		return err
	}
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	if _, err := s.SaveScope(ctx); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "generated %d events into %s in %s\n", done, m.DB, time.Since(start).Round(time.Millisecond))
	return nil
}

// benchCommand runs the benchmark workloads on lotledger and the
// baselines, on the same generated data, and prints the table.
func benchCommand() *command {
	var cfg bench.Config
	var workloads, jsonPath string
	var noSQLite bool
	return &command{
		name:  "bench",
		usage: "bench --events N [--seed S] [--postgres URL] [--workloads a,b] [--json FILE]   measure lotledger against the baselines",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.IntVar(&cfg.Events, "events", 100_000, "events to generate (S = 1000000, M = 10000000)")
			fs.Int64Var(&cfg.Seed, "seed", 1, "generator seed")
			fs.StringVar(&cfg.PostgresDSN, "postgres", os.Getenv("LOTLEDGER_BENCH_POSTGRES"), "PostgreSQL URL for lotledger and the B1/B2 baselines, in schemas of their own (env LOTLEDGER_BENCH_POSTGRES)")
			fs.StringVar(&cfg.Schema, "schema", "lotledger", "prefix of the PostgreSQL schemas the run drops and refills: PREFIX_bench, PREFIX_baseline_b1, ...")
			fs.BoolVar(&noSQLite, "no-sqlite", false, "skip lotledger on SQLite")
			fs.StringVar(&cfg.Dir, "dir", os.TempDir(), "directory for the SQLite files")
			fs.BoolVar(&cfg.Baselines, "baselines", true, "run the baselines B1-B4 too")
			fs.StringVar(&workloads, "workloads", "", "comma-separated workloads (default all: "+strings.Join(bench.Workloads, ",")+")")
			fs.IntVar(&cfg.Samples, "samples", 200, "random lots per trace workload and system")
			fs.DurationVar(&cfg.Budget, "budget", 30*time.Second, "time limit per workload and system")
			fs.StringVar(&jsonPath, "json", "", "also write the results as JSON to this file")
		},
		run: func(m *Main, ctx context.Context) error {
			cfg.SQLite = !noSQLite
			if workloads != "" {
				cfg.Workloads = strings.Split(workloads, ",")
			}
			cfg.Log = m.Stderr
			if exe, err := os.Executable(); err == nil {
				cfg.Executable = exe
			}
			rep, err := bench.Run(ctx, cfg)
			if rep != nil {
				rep.Print(m.Stdout)
				if jsonPath != "" {
					if werr := writeReport(rep, jsonPath); werr != nil && err == nil {
						err = werr
					}
				}
			}
			if err != nil {
				return describe(err)
			}
			if len(rep.Disagreements) > 0 {
				return fmt.Errorf("bench: %d answers differ between systems", len(rep.Disagreements))
			}
			return nil
		},
	}
}

func writeReport(rep *bench.Report, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
