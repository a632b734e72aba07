package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"lotledger"
)

// The outbox of recall notices. Notices are written in the recall's
// transaction and delivered later by a worker (package notify) that asks for
// what is due and marks each attempt. Marking is not a ledger event: it takes
// no ledger-head lock, so delivery never waits behind a batch of commands.

// queueNotices puts one notice per affected customer of rec in the durable
// outbox, in the recall's own transaction: one per channel the customer has
// (email, webhook). A customer with neither gets none; the recall's CSV is
// the list for calling them.
func (w *writer) queueNotices(rec *lotledger.Recall) error {
	uom := map[lotledger.LotRef]string{}
	for _, l := range rec.Lots {
		uom[l.LotRef] = l.UOM
	}
	rec.Notices = []lotledger.Notice{}
	for _, lines := range groupByCustomer(rec.Customers) {
		if err := w.queueCustomer(rec, lines, uom); err != nil {
			return fmt.Errorf("queue notices to %s: %w", lines[0].Customer, err)
		}
	}
	return nil
}

// groupByCustomer splits the customer lines, sorted by customer, into one
// group per customer.
func groupByCustomer(cs []lotledger.RecallCustomer) [][]lotledger.RecallCustomer {
	var groups [][]lotledger.RecallCustomer
	for i, c := range cs {
		if i == 0 || c.Customer != cs[i-1].Customer {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], c)
	}
	return groups
}

func (w *writer) queueCustomer(rec *lotledger.Recall, lines []lotledger.RecallCustomer, uom map[lotledger.LotRef]string) error {
	p, err := w.s.party(w.ctx, w.tx, lines[0].Customer)
	if err != nil {
		return err
	}
	content := lotledger.NoticeContent{Recall: rec.ID, Reason: rec.Reason, Issued: rec.CreatedAt, Customer: p.Code,
		Name: p.Name, Action: lotledger.NoticeAction}
	for _, c := range lines {
		content.Lines = append(content.Lines, lotledger.NoticeLine{SKU: c.Lot.SKU, Lot: c.Lot.Lot, Quantity: c.Quantity,
			UOM: uom[c.Lot], FirstShipped: c.First, LastShipped: c.Last, References: c.References})
	}
	channels := map[string]string{lotledger.ChannelEmail: p.Email, lotledger.ChannelWebhook: p.WebhookURL}
	for _, ch := range []string{lotledger.ChannelEmail, lotledger.ChannelWebhook} {
		if channels[ch] == "" {
			continue
		}
		n := lotledger.Notice{ID: newNoticeID(), Recall: rec.ID, Customer: p.Code, Channel: ch, Address: channels[ch],
			State: lotledger.NoticePending, NextAttemptAt: w.now, CreatedAt: w.now}
		content.Notice = n.ID
		payload, err := json.Marshal(content)
		if err != nil {
			return fmt.Errorf("encode notice: %w", err)
		}
		_, err = w.exec(`INSERT INTO notices (id, recall_id, party_id, channel, payload, state, attempts, next_attempt_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)`, n.ID, rec.ID, p.id, ch, string(payload), n.State, formatTime(w.now))
		if err != nil {
			return fmt.Errorf("record %s notice: %w", ch, err)
		}
		rec.Notices = append(rec.Notices, n)
	}
	return nil
}

func newNoticeID() string { return randomID("NT-", 8) }

// randomID is prefix and n random bytes in hex: the ids of notices,
// recalls and subscriptions.
func randomID(prefix string, n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// noticeSelect reads notices with their party's code and current address:
// a corrected email address or URL serves the retries of a failing notice.
const noticeSelect = `SELECT n.id, n.recall_id, p.code, n.channel,
	CASE n.channel WHEN 'email' THEN p.email ELSE p.webhook_url END,
	n.state, n.attempts, n.last_error, n.next_attempt_at, COALESCE(n.delivered_at, ''), COALESCE(n.acknowledged_at, ''),
	n.ack_by, n.created_at, n.payload
	FROM notices n JOIN parties p ON p.id = n.party_id`

func scanNotice(r interface{ Scan(...any) error }, withContent bool) (lotledger.Notice, error) {
	var n lotledger.Notice
	var next, delivered, acked, created, payload string
	err := r.Scan(&n.ID, &n.Recall, &n.Customer, &n.Channel, &n.Address, &n.State, &n.Attempts, &n.LastError,
		&next, &delivered, &acked, &n.AckBy, &created, &payload)
	if err != nil {
		return n, err
	}
	n.NextAttemptAt, n.DeliveredAt, n.AcknowledgedAt, n.CreatedAt = parseTime(next), parseTime(delivered), parseTime(acked), parseTime(created)
	if n.State != lotledger.NoticePending {
		n.NextAttemptAt = time.Time{}
	}
	if withContent {
		n.Content = new(lotledger.NoticeContent)
		if err := json.Unmarshal([]byte(payload), n.Content); err != nil {
			return n, fmt.Errorf("decode notice %s: %w", n.ID, err)
		}
	}
	return n, nil
}

func collectNotices(rows *sql.Rows, withContent bool) ([]lotledger.Notice, error) {
	defer rows.Close()
	out := []lotledger.Notice{}
	for rows.Next() {
		n, err := scanNotice(rows, withContent)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PendingNotices returns up to limit pending notices due at now, with their
// content, oldest due first; channels, when given, restrict them (a worker
// without SMTP settings asks only for webhooks).
func (s *Store) PendingNotices(ctx context.Context, now time.Time, limit int, channels ...string) ([]lotledger.Notice, error) {
	if len(channels) == 0 {
		channels = []string{lotledger.ChannelEmail, lotledger.ChannelWebhook}
	}
	args := make([]any, 0, len(channels)+2)
	for _, c := range channels {
		args = append(args, c)
	}
	k := len(channels)
	args = append(args, formatTime(now), limit)
	q := fmt.Sprintf(`%s WHERE n.channel IN (%s) AND n.state = 'pending' AND n.next_attempt_at <= $%d
		ORDER BY n.next_attempt_at, n.id LIMIT $%d`, noticeSelect, inList(k), k+1, k+2)
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read pending notices: %w", err)
	}
	return collectNotices(rows, true)
}

// RecallNotices returns every notice of a recall, by customer and channel.
func (s *Store) RecallNotices(ctx context.Context, recallID string) ([]lotledger.Notice, error) {
	rows, err := s.rdb.QueryContext(ctx, noticeSelect+` WHERE n.recall_id = $1 ORDER BY p.code, n.channel`, recallID)
	if err != nil {
		return nil, fmt.Errorf("read notices of recall: %w", err)
	}
	return collectNotices(rows, false)
}

// Notice returns one notice with its content.
func (s *Store) Notice(ctx context.Context, id string) (*lotledger.Notice, error) {
	n, err := scanNotice(s.rdb.QueryRowContext(ctx, noticeSelect+` WHERE n.id = $1`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "id", "no notice %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read notice: %w", err)
	}
	return &n, nil
}

// MarkDelivered records that a notice was delivered at at.
func (s *Store) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	changed, err := rowsChanged(s.wdb.ExecContext(ctx, `UPDATE notices SET state = 'delivered', delivered_at = $1, last_error = ''
		WHERE id = $2`, formatTime(at), id))
	if err != nil {
		return fmt.Errorf("mark notice delivered: %w", err)
	}
	if !changed {
		return lotledger.Errorf(lotledger.ENOTFOUND, "id", "no notice %s", id)
	}
	return nil
}

// MarkFailed records a failed attempt and when to try again. The notice
// stays pending until lotledger.NoticeMaxAttempts attempts have failed, and
// then becomes failed: the recall shows it, and a person takes over.
func (s *Store) MarkFailed(ctx context.Context, id string, cause error, nextAttempt time.Time) error {
	changed, err := rowsChanged(s.wdb.ExecContext(ctx, `UPDATE notices SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
		state = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'pending' END
		WHERE id = $4 AND state = 'pending'`, failureText(cause), formatTime(nextAttempt), lotledger.NoticeMaxAttempts, id))
	if err != nil {
		return fmt.Errorf("mark notice failed: %w", err)
	}
	if !changed {
		return lotledger.Errorf(lotledger.ENOTFOUND, "id", "no pending notice %s", id)
	}
	return nil
}

// AcknowledgeNotice records that the customer acknowledged a notice, and who
// did. Acknowledging again changes nothing: the first acknowledgement is the
// one that counts.
func (s *Store) AcknowledgeNotice(ctx context.Context, id, by string) error {
	if err := required("by", by); err != nil {
		return err
	}
	changed, err := rowsChanged(s.wdb.ExecContext(ctx, `UPDATE notices SET acknowledged_at = $1, ack_by = $2
		WHERE id = $3 AND acknowledged_at IS NULL`, formatTime(s.now().UTC().Truncate(timeResolution)), truncate(strings.TrimSpace(by), 200), id))
	if err != nil {
		return fmt.Errorf("acknowledge notice: %w", err)
	}
	if !changed {
		_, err = s.Notice(ctx, id) // unknown, or acknowledged before
	}
	return err
}

// failureText is what is kept of why a delivery failed.
func failureText(cause error) string {
	if cause == nil {
		return "unknown error"
	}
	return truncate(cause.Error(), 1000)
}

// rowsChanged reports whether a statement changed any row.
func rowsChanged(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// truncate shortens s to at most n bytes without splitting a character
// (PostgreSQL refuses invalid UTF-8).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// fillNotices adds the recall's notices, with their delivery and
// acknowledgement, to the recall as read.
func (s *Store) fillNotices(ctx context.Context, rec *lotledger.Recall) error {
	ns, err := s.RecallNotices(ctx, rec.ID)
	if err != nil {
		return err
	}
	rec.Notices = ns
	return nil
}
