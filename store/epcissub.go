package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"lotledger"
)

// Named queries and subscriptions (migrations/0014_epcis_subscriptions.sql).
// A subscription reports by ledger position, not by record time: after_seq
// is the last event it has accounted for, and a report holds the matching
// events after it, in ledger order. Record times never go back along the
// ledger (writer.go), so this is the EPCIS rule "events recorded since the
// last report", without the ties a time would leave at its edges.

// SaveEPCISQuery saves a query under a name. A name already taken is
// lotledger.ECONFLICT; a malformed name or parameter is lotledger.EINVALID
// naming it ("query.EQ_bizStep").
func (s *Store) SaveEPCISQuery(ctx context.Context, name string, params map[string][]string) (*lotledger.EPCISNamedQuery, error) {
	if err := lotledger.CheckQueryName(name); err != nil {
		return nil, err
	}
	if err := s.checkEPCISParams(ctx, params); err != nil {
		return nil, err
	}
	q := &lotledger.EPCISNamedQuery{Name: name, Query: params, CreatedAt: s.now().UTC().Truncate(timeResolution),
		CreatedBy: lotledger.UserFrom(ctx)}
	body, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("save query: %w", err)
	}
	_, err = s.wdb.ExecContext(ctx, `INSERT INTO epcis_queries (name, params, created_at, created_by) VALUES ($1, $2, $3, $4)`,
		name, string(body), formatTime(q.CreatedAt), q.CreatedBy)
	if isUniqueViolation(err) {
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "name", "a query named %s exists already", name)
	}
	if err != nil {
		return nil, fmt.Errorf("save query: %w", err)
	}
	return q, nil
}

// checkEPCISParams refuses what QueryEPCIS would refuse, without running
// the query: a named query is checked when it is saved, not when a
// subscription first reports.
func (s *Store) checkEPCISParams(ctx context.Context, params map[string][]string) error {
	if params == nil {
		return lotledger.Errorf(lotledger.EINVALID, "query", "query is required: an object of EPCIS query parameters, which may be empty")
	}
	_, rest, err := takeControls(params)
	if err == nil {
		f := epcisFilter{ctx: ctx, postgres: s.postgres, store: s}
		err = f.compile(rest)
	}
	var e *lotledger.Error
	if errors.As(err, &e) && e.Field != "" {
		return lotledger.Errorf(e.Code, "query."+e.Field, "%s", e.Message)
	}
	return err
}

const epcisQuerySelect = `SELECT name, params, created_at, created_by FROM epcis_queries`

// EPCISQueries returns every named query, by name.
func (s *Store) EPCISQueries(ctx context.Context) ([]lotledger.EPCISNamedQuery, error) {
	rows, err := s.rdb.QueryContext(ctx, epcisQuerySelect+` ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("read queries: %w", err)
	}
	defer rows.Close()
	out := []lotledger.EPCISNamedQuery{}
	for rows.Next() {
		q, err := scanNamedQuery(rows)
		if err != nil {
			return nil, fmt.Errorf("read queries: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// EPCISNamedQuery returns one named query; lotledger.ENOTFOUND when there
// is none of that name.
func (s *Store) EPCISNamedQuery(ctx context.Context, name string) (*lotledger.EPCISNamedQuery, error) {
	q, err := scanNamedQuery(s.rdb.QueryRowContext(ctx, epcisQuerySelect+` WHERE name = $1`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "queryName", "no query named %s", name)
	}
	if err != nil {
		return nil, fmt.Errorf("read query: %w", err)
	}
	return &q, nil
}

func scanNamedQuery(r interface{ Scan(...any) error }) (lotledger.EPCISNamedQuery, error) {
	var q lotledger.EPCISNamedQuery
	var params, created string
	if err := r.Scan(&q.Name, &params, &created, &q.CreatedBy); err != nil {
		return q, err
	}
	q.CreatedAt = parseTime(created)
	return q, json.Unmarshal([]byte(params), &q.Query)
}

// DeleteEPCISQuery deletes a named query and its subscriptions, together.
func (s *Store) DeleteEPCISQuery(ctx context.Context, name string) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete query: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM epcis_subscriptions WHERE query_name = $1`, name); err != nil {
		return fmt.Errorf("delete query: %w", err)
	}
	changed, err := rowsChanged(tx.ExecContext(ctx, `DELETE FROM epcis_queries WHERE name = $1`, name))
	if err != nil {
		return fmt.Errorf("delete query: %w", err)
	}
	if !changed {
		return lotledger.Errorf(lotledger.ENOTFOUND, "queryName", "no query named %s", name)
	}
	return tx.Commit()
}

// Subscribe subscribes sub.Dest to the named query sub.Query and returns
// the subscription as made. Its first report holds the events recorded
// from sub.InitialRecordTime on (by default, from now): a stream reports
// them at once, a schedule at its first time.
func (s *Store) Subscribe(ctx context.Context, sub lotledger.EPCISSubscription) (*lotledger.EPCISSubscription, error) {
	if _, err := s.EPCISNamedQuery(ctx, sub.Query); err != nil {
		return nil, err
	}
	if err := sub.Check(); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(timeResolution)
	sub.ID = randomID("SUB-", 8)
	sub.CreatedAt, sub.CreatedBy = now, lotledger.UserFrom(ctx)
	sub.NextRun = now
	if sub.Schedule != nil {
		next, ok := sub.Schedule.Next(now)
		if !ok {
			return nil, lotledger.Errorf(lotledger.EINVALID, "schedule", "the schedule (%s) names no time that comes", sub.Schedule)
		}
		sub.NextRun = next
	}
	after, err := s.SubscriptionStart(ctx, sub.InitialRecordTime)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	sub.After = after
	if sub.InitialRecordTime.IsZero() {
		sub.InitialRecordTime = now
	}
	sub.InitialRecordTime = sub.InitialRecordTime.UTC()
	schedule := ""
	if sub.Schedule != nil {
		b, _ := json.Marshal(sub.Schedule)
		schedule = string(b)
	}
	_, err = s.wdb.ExecContext(ctx, `INSERT INTO epcis_subscriptions (id, query_name, dest, signature_token, stream, schedule,
		report_if_empty, initial_time, after_seq, next_run_at, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		sub.ID, sub.Query, sub.Dest, sub.SignatureToken, boolInt(sub.Stream), schedule, boolInt(sub.ReportIfEmpty),
		formatTime(sub.InitialRecordTime), sub.After, formatTime(sub.NextRun), formatTime(now), sub.CreatedBy)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return &sub, nil
}

// SubscriptionStart is the ledger position a subscription made now starts
// after: with an initial record time, just before the first event recorded
// at or after it; without, the head. From now on means after the events
// already in the ledger, not after those recorded before now: events
// recorded in this very microsecond (or under a clock that stands still)
// are not new.
func (s *Store) SubscriptionStart(ctx context.Context, initial time.Time) (int64, error) {
	if initial.IsZero() {
		return s.head(ctx)
	}
	return s.positionBefore(ctx, initial.UTC())
}

// positionBefore is the ledger position just before the first event
// recorded at or after t: the head when there is none.
func (s *Store) positionBefore(ctx context.Context, t time.Time) (int64, error) {
	var first sql.NullInt64
	var head int64
	err := s.rdb.QueryRowContext(ctx, `SELECT `+s.firstRecordedSQL("$1")+`, (SELECT seq FROM ledger_head WHERE id = 1)`,
		recordTimeBound(t)).Scan(&first, &head)
	if first.Valid {
		return first.Int64 - 1, err
	}
	return head, err
}

// head is the ledger's last sequence number.
func (s *Store) head(ctx context.Context) (int64, error) {
	var head int64
	err := s.rdb.QueryRowContext(ctx, `SELECT seq FROM ledger_head WHERE id = 1`).Scan(&head)
	return head, err
}

const subscriptionSelect = `SELECT id, query_name, dest, signature_token, stream, schedule, report_if_empty, initial_time,
	after_seq, next_run_at, attempts, last_error, delivered_at, created_at, created_by FROM epcis_subscriptions`

func scanSubscription(r interface{ Scan(...any) error }) (lotledger.EPCISSubscription, error) {
	var sub lotledger.EPCISSubscription
	var stream, empty int
	var schedule, initial, next, created string
	var delivered sql.NullString
	err := r.Scan(&sub.ID, &sub.Query, &sub.Dest, &sub.SignatureToken, &stream, &schedule, &empty, &initial,
		&sub.After, &next, &sub.Attempts, &sub.LastError, &delivered, &created, &sub.CreatedBy)
	if err != nil {
		return sub, err
	}
	sub.Stream, sub.ReportIfEmpty = stream == 1, empty == 1
	sub.InitialRecordTime, sub.NextRun, sub.CreatedAt = parseTime(initial), parseTime(next), parseTime(created)
	if delivered.Valid {
		t := parseTime(delivered.String)
		sub.LastDelivered = &t
	}
	if schedule != "" {
		sub.Schedule = &lotledger.EPCISSchedule{}
		err = json.Unmarshal([]byte(schedule), sub.Schedule)
	}
	return sub, err
}

func collectSubscriptions(rows *sql.Rows, err error) ([]lotledger.EPCISSubscription, error) {
	if err != nil {
		return nil, fmt.Errorf("read subscriptions: %w", err)
	}
	defer rows.Close()
	out := []lotledger.EPCISSubscription{}
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("read subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Subscriptions returns the subscriptions of a named query, by id;
// lotledger.ENOTFOUND when there is no such query.
func (s *Store) Subscriptions(ctx context.Context, query string) ([]lotledger.EPCISSubscription, error) {
	if _, err := s.EPCISNamedQuery(ctx, query); err != nil {
		return nil, err
	}
	return collectSubscriptions(s.rdb.QueryContext(ctx, subscriptionSelect+` WHERE query_name = $1 ORDER BY id`, query))
}

// Subscription returns one subscription of a named query.
func (s *Store) Subscription(ctx context.Context, query, id string) (*lotledger.EPCISSubscription, error) {
	sub, err := scanSubscription(s.rdb.QueryRowContext(ctx, subscriptionSelect+` WHERE query_name = $1 AND id = $2`, query, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "subscriptionID", "query %s has no subscription %s", query, id)
	}
	if err != nil {
		return nil, fmt.Errorf("read subscription: %w", err)
	}
	return &sub, nil
}

// Unsubscribe deletes one subscription of a named query.
func (s *Store) Unsubscribe(ctx context.Context, query, id string) error {
	changed, err := rowsChanged(s.wdb.ExecContext(ctx, `DELETE FROM epcis_subscriptions WHERE query_name = $1 AND id = $2`, query, id))
	if err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	if !changed {
		return lotledger.Errorf(lotledger.ENOTFOUND, "subscriptionID", "query %s has no subscription %s", query, id)
	}
	return nil
}

// DueSubscriptions returns up to limit subscriptions due at now, the
// longest waiting first: a schedule whose time has come, and a stream with
// events recorded after its position (and no failed attempt waiting).
func (s *Store) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]lotledger.EPCISSubscription, error) {
	return collectSubscriptions(s.rdb.QueryContext(ctx, subscriptionSelect+` WHERE next_run_at <= $1
		AND (stream = 0 OR after_seq < (SELECT seq FROM ledger_head WHERE id = 1))
		ORDER BY next_run_at, id LIMIT $2`, formatTime(now), limit))
}

// SubscriptionReport reads what sub's next report holds: at most perPage
// of its query's events recorded after its position, in ledger order, and
// then again, with its declaration, any event of an earlier report that
// has since been declared in error. It returns the position the report
// accounts for (a report that sends these events moves the subscription
// there) and whether more events follow.
// The query's orderBy, orderDirection, eventCountLimit and maxEventCount do
// not apply to reports, which follow the ledger.
func (s *Store) SubscriptionReport(ctx context.Context, sub lotledger.EPCISSubscription, perPage int) ([]json.RawMessage, int64, bool, error) {
	q, err := s.EPCISNamedQuery(ctx, sub.Query)
	if err != nil {
		return nil, 0, false, err
	}
	// Every event up to the head read first is committed, so the query,
	// which runs after, sees them all: a report that finds no more
	// accounts for the ledger up to there.
	head, err := s.head(ctx)
	if err != nil {
		return nil, 0, false, fmt.Errorf("report subscription: %w", err)
	}
	_, params, err := takeControls(q.Query)
	if err != nil {
		return nil, 0, false, err
	}
	res, last, more, err := s.runEPCIS(ctx, params, epcisControls{maxCount: -1}, perPage, epcisCursor{seq: sub.After})
	if err != nil {
		return nil, 0, false, fmt.Errorf("report subscription %s: %w", sub.ID, err)
	}
	through := max(sub.After, last.seq)
	if !more {
		through = max(through, head)
	}
	declared, err := s.declaredSince(ctx, params, sub.After, through)
	if err != nil {
		return nil, 0, false, fmt.Errorf("report subscription %s: %w", sub.ID, err)
	}
	return append(res.Events, declared...), through, more, nil
}

// declaredSince returns the events of an earlier report (at or before
// after) that the query matches and that an error declaration recorded
// in (after, through] declares in error, each with its declaration. A
// partner sent an event is so told when it is later declared in error: a
// recall may hang on it. Declarations are rare, so this is one range scan
// of the declarations' keys in nearly every report.
func (s *Store) declaredSince(ctx context.Context, params map[string][]string, after, through int64) ([]json.RawMessage, error) {
	if after == 0 {
		return nil, nil // nothing was reported before
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT event_id FROM error_declarations WHERE seq > $1 AND seq <= $2`, after, through)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil || len(ids) == 0 {
		return nil, err
	}
	f := epcisFilter{ctx: ctx, postgres: s.postgres, store: s}
	if err := f.compile(params); err != nil {
		return nil, err
	}
	cond, args := s.byEventID(ids, false)
	f.add(cond, args...)
	f.add("x.seq <= ?", after)
	res := &lotledger.EPCISResult{}
	_, _, err = s.epcisPageIndexed(ctx, &f, epcisControls{maxCount: -1}, len(ids), res)
	return res.Events, err
}

// MarkReported moves a subscription from position from to through and
// sets when it is next due; sent says a report was accepted (rather than
// an empty one skipped). It changes nothing, and reports
// lotledger.ECONFLICT, when the subscription is no longer at from: another
// worker reported first.
func (s *Store) MarkReported(ctx context.Context, id string, from, through int64, sent bool, at, next time.Time) error {
	q := `UPDATE epcis_subscriptions SET after_seq = $1, next_run_at = $2, attempts = 0, last_error = '' WHERE id = $3 AND after_seq = $4`
	args := []any{through, formatTime(next), id, from}
	if sent {
		q = `UPDATE epcis_subscriptions SET after_seq = $1, next_run_at = $2, attempts = 0, last_error = '', delivered_at = $5
			WHERE id = $3 AND after_seq = $4`
		args = append(args, formatTime(at))
	}
	changed, err := rowsChanged(s.wdb.ExecContext(ctx, q, args...))
	if err != nil {
		return fmt.Errorf("mark subscription reported: %w", err)
	}
	if !changed {
		return lotledger.Errorf(lotledger.ECONFLICT, "subscriptionID", "subscription %s was deleted or has moved on", id)
	}
	return nil
}

// MarkReportFailed records a failed report and when to try again. A
// subscription is never given up: its position stays where it was, so
// the events wait for the partner's webhook to come back.
func (s *Store) MarkReportFailed(ctx context.Context, id string, cause error, next time.Time) error {
	_, err := s.wdb.ExecContext(ctx, `UPDATE epcis_subscriptions SET attempts = attempts + 1, last_error = $1, next_run_at = $2 WHERE id = $3`,
		failureText(cause), formatTime(next), id)
	if err != nil {
		return fmt.Errorf("mark subscription failed: %w", err)
	}
	return nil
}
