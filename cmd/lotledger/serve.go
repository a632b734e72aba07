package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"lotledger"
	"lotledger/demo"
	"lotledger/epcis"
	lhttp "lotledger/http"
	"lotledger/store"
)

// serveCommand starts the API server, loading the demo data set first when
// asked and the database has no items yet.
func serveCommand() *command {
	var addr string
	var loadDemo bool
	var capture epcis.CaptureOptions
	var notices noticeFlags
	return &command{
		name:  "serve",
		usage: "serve [--addr :8080] [--demo]   run the API server (and the demo data set)",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&addr, "addr", envOr("LOTLEDGER_ADDR", ":8080"), "listen address (env LOTLEDGER_ADDR)")
			fs.BoolVar(&loadDemo, "demo", false, "load the peanut-butter demo supply chain into an empty database")
			fs.BoolVar(&capture.CreateLots, "epcis-create-lots", false, "EPCIS capture creates an unknown lot of a known item on first sight")
			fs.BoolVar(&capture.KeepUnknown, "epcis-keep-unknown", false, "EPCIS capture keeps events naming unknown identifiers, unapplied, instead of refusing the document")
			notices.register(fs)
		},
		run: func(m *Main, ctx context.Context) error {
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			log := m.logger()
			if loadDemo {
				if err := m.loadDemo(ctx, s); err != nil {
					return err
				}
			}
			loadStart := time.Now()
			edges, err := s.LoadGenealogy(ctx)
			if err != nil {
				return err
			}
			log.Info("genealogy index loaded", "edges", edges, "duration", time.Since(loadStart).String())
			loadStart = time.Now()
			sl, err := s.LoadScope(ctx)
			if err != nil {
				return err
			}
			log.Info("scope summary loaded", "lots", sl.Lots, "from_snapshot", sl.FromSnapshot, "events_followed", sl.Unsaved, "duration", time.Since(loadStart).String())
			loadStart = time.Now()
			keys, err := s.LoadEventKeys(ctx)
			if err != nil {
				return err
			}
			log.Info("event key filter loaded", "keys", keys, "duration", time.Since(loadStart).String())
			defer saveScopes(ctx, s, log)() // before Main closes the store
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", addr, err)
			}
			log.Info("lotledger listening", "addr", ln.Addr().String(), "db", m.DB, "dialect", s.Dialect())
			if m.ready != nil {
				m.ready <- ln.Addr().String()
			}
			desk, stopNotices := notices.startNotices(ctx, s, ln.Addr().String(), log, m)
			defer stopNotices() // before Main closes the store
			srv := lhttp.NewServer(s, lhttp.Options{Logger: log, EPCIS: s, Capture: s, CaptureOptions: capture, Notices: desk, Queries: s})
			return srv.Serve(ctx, ln)
		},
	}
}

func (m *Main) loadDemo(ctx context.Context, l lotledger.Ledger) error {
	items, err := l.Items(ctx, lotledger.PageRequest{Limit: 1})
	if err != nil {
		return err
	}
	if len(items.Items) > 0 {
		fmt.Fprintln(m.Stderr, "demo: the database already has data; not loading the demo set again")
		return nil
	}
	sum, err := demo.Load(lotledger.WithUser(ctx, "demo"), l, m.Now())
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	fmt.Fprintf(m.Stderr, "demo: loaded %d items, %d locations, %d parties, %d events\n", sum.Items, sum.Locations, sum.Parties, sum.Events)
	return nil
}

// saveScopes saves the scope summary in the background whenever it has
// followed enough events since its last snapshot — at least 50,000 and a
// twentieth of the ledger, so that a restart catches up with at most about
// that many — checking every minute, and once more when the server stops.
// It returns the function that stops it.
func saveScopes(ctx context.Context, s *store.Store, log *slog.Logger) func() {
	save := func(ctx context.Context, atLeast func(seq int64) int64) {
		seq, unsaved := s.ScopeState()
		if unsaved == 0 || unsaved < atLeast(seq) {
			return
		}
		t := time.Now()
		seq, err := s.SaveScope(ctx)
		if err != nil {
			log.Warn("scope snapshot not saved", "err", err)
			return
		}
		log.Info("scope snapshot saved", "seq", seq, "duration", time.Since(t).String())
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			save(ctx, scopeSaveAfter)
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		save(sctx, func(int64) int64 { return 1 })
	}
}

// scopeSaveAfter is how many events the scope summary may follow since its
// snapshot before a new one is worth saving: at least 50,000 and a
// twentieth of the ledger (seq events).
func scopeSaveAfter(seq int64) int64 { return max(50_000, seq/20) }
