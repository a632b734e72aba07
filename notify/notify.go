// Package notify delivers what lotledger owes other parties. A Deliverer
// sends recall notices from the store's durable outbox to customers: by
// email over SMTP and by webhook, an HTTP POST of JSON signed with
// HMAC-SHA256 under a per-party secret. It polls the outbox, sends what is
// due and records each attempt; a failed attempt is retried with
// exponential backoff until lotledger.NoticeMaxAttempts have failed. A
// Reporter sends the reports of trading partners' EPCIS subscriptions to
// their webhooks (subscription.go).
//
// Delivery is at least once: a crash between sending and recording sends
// the notice again after a restart, so receivers deduplicate by notice id.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"lotledger"
)

// Outbox is where notices wait; the store implements it.
type Outbox interface {
	PendingNotices(ctx context.Context, now time.Time, limit int, channels ...string) ([]lotledger.Notice, error)
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	MarkFailed(ctx context.Context, id string, cause error, nextAttempt time.Time) error
}

// Defaults for a zero Config.
const (
	DefaultInterval       = time.Second
	DefaultBatch          = 50
	DefaultWebhookTimeout = 10 * time.Second
)

// Backoff bounds: the first retry after 30 s, doubling, never more than 1 h.
const (
	backoffBase = 30 * time.Second
	backoffMax  = time.Hour
)

// Config configures a Deliverer.
type Config struct {
	SMTP SMTP
	// Key is the server key every webhook secret and acknowledgement link
	// derives from (see Signer). Without it nothing is delivered: a notice
	// without a working acknowledgement link is worse than a late one.
	Key []byte
	// BaseURL is the server's public address, for acknowledgement links.
	BaseURL string
	// Client posts webhooks; nil means a client with DefaultWebhookTimeout.
	Client   *http.Client
	Interval time.Duration    // how often the outbox is polled; DefaultInterval when 0
	Batch    int              // notices per poll; DefaultBatch when 0
	Now      func() time.Time // the clock; time.Now when nil
	Logger   *slog.Logger
}

// Deliverer sends the outbox's due notices.
type Deliverer struct {
	out     Outbox
	cfg     Config
	signer  Signer
	email   *mailer // nil without SMTP settings
	webhook *webhooker
	log     *slog.Logger
}

// New returns a Deliverer over out.
func New(out Outbox, cfg Config) *Deliverer {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	d := &Deliverer{out: out, cfg: cfg, signer: NewSigner(cfg.Key), log: cfg.Logger}
	d.webhook = newWebhooker(cfg.Client, d.signer)
	if cfg.SMTP.Ready() {
		d.email = newMailer(cfg.SMTP)
	}
	return d
}

// Channels returns the channels this Deliverer can deliver, and why any
// other cannot.
func (d *Deliverer) Channels() (channels []string, why string) {
	if !d.signer.Ready() {
		return nil, "no notice key is configured (--notice-key, LOTLEDGER_NOTICE_KEY): notices stay pending"
	}
	channels = []string{lotledger.ChannelWebhook}
	if d.email == nil {
		return channels, "no SMTP server is configured (--smtp-addr and --smtp-from): email notices stay pending"
	}
	return append(channels, lotledger.ChannelEmail), ""
}

// Run delivers due notices every Interval until ctx ends.
func (d *Deliverer) Run(ctx context.Context) error {
	if chans, why := d.Channels(); why != "" {
		d.log.Warn("notices: not every channel can be delivered", "reason", why, "channels", chans)
	}
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := d.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("notices: delivery pass failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// DeliverDue sends every notice due now, up to Batch, and records each
// attempt. It returns how many were delivered.
func (d *Deliverer) DeliverDue(ctx context.Context) (int, error) {
	chans, _ := d.Channels()
	if len(chans) == 0 {
		return 0, nil
	}
	due, err := d.out.PendingNotices(ctx, d.cfg.Now(), d.cfg.Batch, chans...)
	if err != nil {
		return 0, fmt.Errorf("read due notices: %w", err)
	}
	delivered := 0
	for _, n := range due {
		ok, err := d.deliver(ctx, n)
		if err != nil {
			return delivered, err
		}
		if ok {
			delivered++
		}
	}
	return delivered, nil
}

// deliver sends one notice and records the outcome; only failing to record
// it is an error.
func (d *Deliverer) deliver(ctx context.Context, n lotledger.Notice) (bool, error) {
	n.Content.AckURL = d.signer.AckURL(d.cfg.BaseURL, n.ID)
	err := d.send(ctx, n)
	now := d.cfg.Now()
	if err == nil {
		d.log.Info("notice delivered", "notice", n.ID, "recall", n.Recall, "customer", n.Customer, "channel", n.Channel)
		// Sent is sent: record it even if shutdown began meanwhile, or
		// the customer gets it twice.
		return true, d.out.MarkDelivered(context.WithoutCancel(ctx), n.ID, now)
	}
	if ctx.Err() != nil {
		return false, ctx.Err() // shutting down: the attempt does not count
	}
	next := now.Add(Backoff(n.Attempts))
	d.log.Warn("notice not delivered", "notice", n.ID, "customer", n.Customer, "channel", n.Channel,
		"attempt", n.Attempts+1, "next_attempt", next, "err", err)
	return false, d.out.MarkFailed(ctx, n.ID, err, next)
}

func (d *Deliverer) send(ctx context.Context, n lotledger.Notice) error {
	switch n.Channel {
	case lotledger.ChannelWebhook:
		return d.webhook.send(ctx, n, d.cfg.Now())
	case lotledger.ChannelEmail:
		return d.email.send(ctx, n, d.cfg.Now())
	default:
		return fmt.Errorf("unknown channel %q", n.Channel)
	}
}

// Backoff is how long to wait after a notice's attempts-th failure (counted
// from 0): 30 s, doubling, capped at 1 h.
func Backoff(attempts int) time.Duration {
	if attempts >= 7 { // 30 s << 7 is past the cap
		return backoffMax
	}
	return min(backoffBase<<attempts, backoffMax)
}
