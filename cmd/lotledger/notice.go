package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	lhttp "lotledger/http"
	"lotledger/notify"
	"lotledger/store"
)

// The store is the outbox the Deliverer reads; the store and a signer
// together answer the server's acknowledgement routes.
var (
	_ notify.Outbox = (*store.Store)(nil)
	_ lhttp.Notices = noticeDesk{}
)

// noticeDesk joins the store's notices to the signer's links, so that the
// HTTP server checks a link's signature without holding the key itself.
type noticeDesk struct {
	*store.Store
	notify.Signer
}

// noticeFlags are serve's notice settings.
type noticeFlags struct {
	smtp      notify.SMTP
	key       string
	publicURL string
}

func (f *noticeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.smtp.Addr, "smtp-addr", envOr("LOTLEDGER_SMTP_ADDR", ""), "SMTP server host:port for email notices (env LOTLEDGER_SMTP_ADDR)")
	fs.StringVar(&f.smtp.From, "smtp-from", envOr("LOTLEDGER_SMTP_FROM", ""), "sender address of email notices (env LOTLEDGER_SMTP_FROM)")
	fs.StringVar(&f.smtp.User, "smtp-user", envOr("LOTLEDGER_SMTP_USER", ""), "SMTP user name (env LOTLEDGER_SMTP_USER)")
	fs.StringVar(&f.smtp.Password, "smtp-password", envOr("LOTLEDGER_SMTP_PASSWORD", ""), "SMTP password; prefer the env LOTLEDGER_SMTP_PASSWORD")
	fs.StringVar(&f.smtp.TLS, "smtp-tls", envOr("LOTLEDGER_SMTP_TLS", "starttls"), "starttls, tls (implicit, port 465) or none (env LOTLEDGER_SMTP_TLS)")
	fs.StringVar(&f.key, "notice-key", envOr("LOTLEDGER_NOTICE_KEY", ""), "server key that signs webhooks and acknowledgement links; prefer the env LOTLEDGER_NOTICE_KEY")
	fs.StringVar(&f.publicURL, "public-url", envOr("LOTLEDGER_PUBLIC_URL", ""), "the server's address as customers reach it, for acknowledgement links (env LOTLEDGER_PUBLIC_URL; default http://<listen address>)")
}

// startNotices starts delivering the outbox, and the reports of EPCIS
// subscriptions, in the background and returns the server's notice desk and
// a function that stops delivery and waits for it, to be called before the
// store closes.
func (f *noticeFlags) startNotices(ctx context.Context, s *store.Store, listenAddr string, log *slog.Logger, m *Main) (noticeDesk, func()) {
	base := f.publicURL
	if base == "" {
		base = "http://" + listenAddr
	}
	cfg := notify.Config{SMTP: f.smtp, Key: []byte(f.key), BaseURL: base, Now: m.Now, Logger: log}
	d := notify.New(s, cfg) // Run logs which channels cannot be delivered, and why
	dctx, cancel := context.WithCancel(ctx)
	rep := notify.NewReporter(s, notify.ReporterConfig{Now: m.Now, Logger: log})
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(dctx) })
	wg.Go(func() { rep.Run(dctx) })
	return noticeDesk{s, notify.NewSigner(cfg.Key)}, func() { cancel(); wg.Wait() }
}

// noticeSecretCommand prints the secret a party's webhook notices are
// signed with, for an administrator to hand to the party out of band.
func noticeSecretCommand() *command {
	var key string
	return &command{
		name:  "notice-secret",
		usage: "notice-secret [--notice-key K] PARTY   print the secret that signs PARTY's webhook notices",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&key, "notice-key", envOr("LOTLEDGER_NOTICE_KEY", ""), "the server key (env LOTLEDGER_NOTICE_KEY)")
		},
		run: func(m *Main, ctx context.Context) error {
			if len(m.args) != 1 {
				return fmt.Errorf("name one party")
			}
			if key == "" {
				return fmt.Errorf("no notice key: set --notice-key or LOTLEDGER_NOTICE_KEY as the server has it")
			}
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			party := strings.TrimSpace(m.args[0])
			var n int
			if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM parties WHERE code = $1`, party).Scan(&n); err != nil {
				return fmt.Errorf("look up party: %w", err)
			}
			if n == 0 {
				return fmt.Errorf("no party %s", party)
			}
			fmt.Fprintln(m.Stdout, notify.NewSigner([]byte(key)).PartySecret(party))
			return nil
		},
	}
}
