package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// Subscriptions is where EPCIS subscriptions wait and their reports are
// read; the store implements it.
type Subscriptions interface {
	DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]lotledger.EPCISSubscription, error)
	SubscriptionReport(ctx context.Context, sub lotledger.EPCISSubscription, perPage int) ([]json.RawMessage, int64, bool, error)
	MarkReported(ctx context.Context, id string, from, through int64, sent bool, at, next time.Time) error
	MarkReportFailed(ctx context.Context, id string, cause error, next time.Time) error
}

// Webhook headers of a subscription's report, beside HeaderTimestamp and
// HeaderSignature (present when the subscription has a signatureToken).
const (
	HeaderSubscription = "X-Lotledger-Subscription"
	HeaderQuery        = "X-Lotledger-Query"
)

// Report bounds: events in one report (one POST), and reports one
// subscription sends in one pass before the others get their turn.
const (
	DefaultReportEvents = 1000
	reportsPerPass      = 10
)

// ReporterConfig configures a Reporter; zero values take the defaults.
type ReporterConfig struct {
	Client   *http.Client     // nil: a client with DefaultWebhookTimeout
	Interval time.Duration    // how often due subscriptions are looked for; DefaultInterval when 0
	Batch    int              // subscriptions per pass; DefaultBatch when 0
	Events   int              // events per report; DefaultReportEvents when 0
	Now      func() time.Time // the clock; time.Now when nil
	Logger   *slog.Logger
}

// Reporter sends the reports of EPCIS subscriptions: each an
// EPCISQueryDocument of the events the named query matches among those
// recorded since the subscription's last report, POSTed to its webhook.
// A subscription moves on only when its webhook answers 2xx; a failure is
// retried with Backoff, for as long as the subscription exists, and the
// events wait. Delivery is at least once: a crash between a report and
// its record sends the report again, so receivers deduplicate by eventID.
type Reporter struct {
	subs Subscriptions
	cfg  ReporterConfig
	hook *webhooker
}

// NewReporter returns a Reporter over subs.
func NewReporter(subs Subscriptions, cfg ReporterConfig) *Reporter {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.Events <= 0 {
		cfg.Events = DefaultReportEvents
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Reporter{subs: subs, cfg: cfg, hook: newWebhooker(cfg.Client, Signer{})}
}

// Run reports due subscriptions every Interval until ctx ends. A pass that
// leaves events behind (a partner catching up on a backlog) is followed by
// the next at once.
func (r *Reporter) Run(ctx context.Context) error {
	t := time.NewTicker(r.cfg.Interval)
	defer t.Stop()
	for {
		_, backlog, err := r.reportDue(ctx)
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Error("subscriptions: report pass failed", "err", err)
		}
		if backlog && err == nil {
			if ctx.Err() != nil {
				return nil
			}
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// ReportDue reports every subscription due now, up to Batch, and records
// each attempt. It returns how many reports were accepted.
func (r *Reporter) ReportDue(ctx context.Context) (int, error) {
	sent, _, err := r.reportDue(ctx)
	return sent, err
}

// reportDue is ReportDue, and whether a subscription still has events due
// after its turn.
func (r *Reporter) reportDue(ctx context.Context) (int, bool, error) {
	due, err := r.subs.DueSubscriptions(ctx, r.cfg.Now(), r.cfg.Batch)
	if err != nil {
		return 0, false, fmt.Errorf("read due subscriptions: %w", err)
	}
	sent, backlog := 0, len(due) == r.cfg.Batch
	for _, sub := range due {
		n, more, err := r.report(ctx, sub)
		sent += n
		backlog = backlog || more
		if err != nil {
			return sent, backlog, err
		}
	}
	return sent, backlog, nil
}

// report sends sub's due events, a report of at most Events at a time,
// and records each; it returns how many reports were accepted and whether
// events are left for another turn. Only failing to record is an error.
func (r *Reporter) report(ctx context.Context, sub lotledger.EPCISSubscription) (int, bool, error) {
	sent := 0
	for i := 0; i < reportsPerPass; i++ {
		events, through, more, err := r.subs.SubscriptionReport(ctx, sub, r.cfg.Events)
		if err != nil {
			if ctx.Err() != nil {
				return sent, false, ctx.Err() // shutting down: no attempt was made
			}
			return sent, false, r.failed(ctx, sub, err)
		}
		now := r.cfg.Now()
		next := sub.DueAfter(now, more)
		if len(events) == 0 && !(sub.ReportIfEmpty && i == 0) {
			// Nothing matched: the subscription moves on without a report.
			return sent, false, ignoreMoved(r.subs.MarkReported(ctx, sub.ID, sub.After, through, false, now, next))
		}
		if err := r.post(ctx, sub, events, now); err != nil {
			if ctx.Err() != nil {
				return sent, false, ctx.Err() // shutting down: the attempt does not count
			}
			return sent, false, r.failed(ctx, sub, err)
		}
		sent++
		r.cfg.Logger.Info("subscription reported", "subscription", sub.ID, "query", sub.Query, "events", len(events))
		// Sent is sent: record it even if shutdown began meanwhile.
		if err := r.subs.MarkReported(context.WithoutCancel(ctx), sub.ID, sub.After, through, true, now, next); err != nil {
			return sent, false, ignoreMoved(err)
		}
		if !more {
			return sent, false, nil
		}
		sub.After, sub.Attempts = through, 0
	}
	return sent, true, nil
}

func (r *Reporter) failed(ctx context.Context, sub lotledger.EPCISSubscription, cause error) error {
	next := r.cfg.Now().Add(Backoff(sub.Attempts))
	r.cfg.Logger.Warn("subscription not reported", "subscription", sub.ID, "query", sub.Query, "dest", sub.Dest,
		"attempt", sub.Attempts+1, "next_attempt", next, "err", cause)
	return r.subs.MarkReportFailed(ctx, sub.ID, cause, next)
}

// ignoreMoved drops the conflict of a subscription deleted, or reported by
// another worker, meanwhile: there is nothing left to record.
func ignoreMoved(err error) error {
	var e *lotledger.Error
	if errors.As(err, &e) && e.Code == lotledger.ECONFLICT {
		return nil
	}
	return err
}

// post sends one report; any 2xx answer is acceptance.
func (r *Reporter) post(ctx context.Context, sub lotledger.EPCISSubscription, events []json.RawMessage, now time.Time) error {
	// Identifiers go as Digital Links, the REST binding's default format.
	body, err := epcis.QueryDocument(sub.Query, sub.ID, epcis.DigitalLinkEvents(events), now)
	if err != nil {
		return err
	}
	h := http.Header{}
	h.Set("GS1-EPC-Format", epcis.EPCFormatDigitalLink)
	h.Set("User-Agent", "lotledger-subscriptions/1")
	h.Set("GS1-EPCIS-Version", "2.0.0")
	h.Set("GS1-CBV-Version", "2.0.0")
	h.Set(HeaderSubscription, sub.ID)
	h.Set(HeaderQuery, sub.Query)
	if sub.SignatureToken != "" {
		ts, sig := Sign(sub.SignatureToken, now, body)
		h.Set(HeaderTimestamp, ts)
		h.Set(HeaderSignature, sig)
	}
	return r.hook.post(ctx, sub.Dest, body, h)
}
