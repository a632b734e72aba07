package main

import (
	"context"
	"encoding/json"
	"fmt"
)

var migrateCommand = &command{
	name:  "migrate",
	usage: "migrate                     create or upgrade the database schema",
	run: func(m *Main, ctx context.Context) error {
		s, err := m.open(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "database %s (%s) is up to date\n", m.DB, s.Dialect())
		return nil
	},
}

var verifyCommand = &command{
	name:  "verify",
	usage: "verify                      check the ledger's hash chain; names the first altered event",
	run: func(m *Main, ctx context.Context) error {
		s, err := m.open(ctx)
		if err != nil {
			return err
		}
		rep, err := s.Verify(ctx)
		if err != nil {
			return err
		}
		if !rep.OK {
			return fmt.Errorf("ledger broken at event %d: %s", rep.BrokenSeq, rep.Problem)
		}
		fmt.Fprintf(m.Stdout, "ledger intact: %d events, every hash verified\n", rep.Events)
		return nil
	},
}

var rebuildCommand = &command{
	name:  "rebuild",
	usage: "rebuild                     recompute lots, stock and genealogy from the ledger",
	run: func(m *Main, ctx context.Context) error {
		s, err := m.open(ctx)
		if err != nil {
			return err
		}
		if err := s.Rebuild(ctx); err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, "projections rebuilt from the ledger")
		return nil
	},
}

// printJSON writes v indented, the CLI's output for structured answers.
func (m *Main) printJSON(v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
