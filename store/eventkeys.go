package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
)

// Event keys. The ledger finds an event by its id (capture's duplicate
// check, GET /epcis/events/{eventID}, EQ_eventID, an error declaration
// marking the event it corrects) through event_keys, not through an index
// on events.event_id. An id is random, so an index of ids took one random
// page per event appended: at a few hundred thousand events, most of what a
// commit wrote. A key is the first 8 bytes of the id's SHA-256; a new
// event's key goes to event_keys_recent, which stays small, and the writer
// moves the recent keys into event_keys in key order once there are
// keysMergeAt of them (mergeEventKeys). See migrations 0011–0013.

// keysMergeAt is how many keys event_keys_recent gathers before they are
// merged: about 150 pages of keys, which every commit may touch, against a
// sorted pass over event_keys once per that many events.
var keysMergeAt int64 = 32768

// eventKey is the 64-bit key of an event id.
func eventKey(id string) int64 {
	sum := sha256.Sum256([]byte(id))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// byEventID is the condition "the event e has one of ids", with its
// arguments: the keys find the candidates in both levels, the ids choose
// among them. Its placeholders are ?, for filter.add and for SQLite, whose
// driver matches $N by name at a cost quadratic in their number; dollar
// numbers them $1, $2, … for PostgreSQL.
func (s *Store) byEventID(ids []string, dollar bool) (string, []any) {
	n := len(ids)
	args := make([]any, 0, 3*n)
	ph := func(from int) string {
		if !dollar {
			return placeholders(n)
		}
		return inListFrom(from, n)
	}
	if s.keyless() {
		for _, id := range ids {
			args = append(args, id)
		}
		return `e.event_id IN (` + ph(1) + `)`, args
	}
	for _, id := range ids {
		args = append(args, eventKey(id))
	}
	args = append(args, args...)
	for _, id := range ids {
		args = append(args, id)
	}
	return `e.seq IN (SELECT seq FROM event_keys WHERE key IN (` + ph(1) + `) UNION ALL SELECT seq FROM event_keys_recent WHERE key IN (` +
		ph(n+1) + `)) AND e.event_id IN (` + ph(2*n+1) + `)`, args
}

// maybeMergeKeys merges the recent keys once there are enough of them. It
// runs after a commit, in a transaction of its own.
func (s *Store) maybeMergeKeys(ctx context.Context, head int64) error {
	if s.keyless() || head-s.keysMerged.Load() < keysMergeAt {
		return nil
	}
	return s.write(ctx, func(w *writer) error { return w.mergeEventKeys() })
}

// mergeEventKeys moves every recent key into event_keys, in key order.
func (w *writer) mergeEventKeys() error {
	if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO event_keys (key, seq) SELECT key, seq FROM event_keys_recent ORDER BY key, seq`); err != nil {
		return fmt.Errorf("merge event keys: %w", err)
	}
	if _, err := w.tx.ExecContext(w.ctx, `DELETE FROM event_keys_recent`); err != nil {
		return fmt.Errorf("merge event keys: %w", err)
	}
	w.keysMerged = true
	return nil
}

// loadKeysMerged learns, when the store opens, up to which event the keys
// are merged: every event has one key, and the recent ones are the last.
func (s *Store) loadKeysMerged(ctx context.Context) error {
	var head, recent int64
	err := s.wdb.QueryRowContext(ctx, `SELECT (SELECT seq FROM ledger_head WHERE id = 1), (SELECT COUNT(*) FROM event_keys_recent)`).Scan(&head, &recent)
	if err != nil {
		return fmt.Errorf("read event keys: %w", err)
	}
	s.keysMerged.Store(head - recent)
	return nil
}

// fillEventKeys gives every event already in the ledger its key in
// event_keys, in key order: the Go half of migration 13.
func fillEventKeys(ctx context.Context, s *Store, tx *sql.Tx) error {
	type keyed struct{ key, seq int64 }
	var all []keyed
	rows, err := tx.QueryContext(ctx, `SELECT seq, event_id FROM events`)
	if err != nil {
		return fmt.Errorf("key events: %w", err)
	}
	for rows.Next() {
		var seq int64
		var id string
		if err := rows.Scan(&seq, &id); err != nil {
			rows.Close()
			return fmt.Errorf("key events: %w", err)
		}
		all = append(all, keyed{eventKey(id), seq})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("key events: %w", err)
	}
	slices.SortFunc(all, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.seq, b.seq)) })
	const per = 500
	args := make([]any, 0, 2*per)
	for start := 0; start < len(all); start += per {
		part := all[start:min(len(all), start+per)]
		args = args[:0]
		for _, k := range part {
			args = append(args, k.key, k.seq)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_keys (key, seq) VALUES `+paramRows(2, len(part), s.postgres, "", ""), args...); err != nil {
			return fmt.Errorf("key events: %w", err)
		}
	}
	return nil
}
