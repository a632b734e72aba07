package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"lotledger"
)

// Verify recomputes every event's hash from its stored fields and the
// previous hash, and checks the ledger head. It names the first event that
// does not match: the earliest place the ledger was altered. It then checks
// that no event id is there twice and that every event has its key
// (eventkeys.go), once. It reads one snapshot, so that events appended
// meanwhile are not taken for a broken head or stray keys.
func (s *Store) Verify(ctx context.Context) (*lotledger.VerifyReport, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.postgres { // one snapshot for every query below
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, event_id, recorded_at, user_name, detail, epcis, prev_hash, hash FROM events ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	defer rows.Close()
	rep := &lotledger.VerifyReport{OK: true}
	prev, want := "", int64(1)
	var keys []int64 // each event's key, by seq-1
	for rows.Next() {
		var r eventRow
		if err := rows.Scan(&r.seq, &r.eventID, &r.recordedAt, &r.user, &r.detail, &r.epcis, &r.prevHash, &r.hash); err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		rep.Events++
		switch {
		case r.seq != want:
			return broken(rep, want, fmt.Sprintf("event %d is missing (found %d)", want, r.seq)), nil
		case r.prevHash != prev:
			return broken(rep, r.seq, "its previous-hash does not match the hash of the event before it"), nil
		case r.computeHash() != r.hash:
			return broken(rep, r.seq, "its stored content does not match its hash"), nil
		}
		prev, want = r.hash, r.seq+1
		keys = append(keys, eventKey(r.eventID))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	rows.Close()
	var headSeq int64
	var headHash string
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM ledger_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if headSeq != want-1 || headHash != prev {
		return broken(rep, want, fmt.Sprintf("the ledger head (event %d) does not match the last event (%d): events were removed from the end", headSeq, want-1)), nil
	}
	if problem, seq, err := duplicateIDs(ctx, tx, keys); err != nil || problem != "" {
		if err != nil {
			return nil, fmt.Errorf("verify: %w", err)
		}
		return broken(rep, seq, problem), nil
	}
	if s.keyless() {
		return rep, nil
	}
	problem, seq, err := verifyKeys(ctx, tx, keys)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	if problem != "" {
		return broken(rep, seq, problem), nil
	}
	return rep, nil
}

// duplicateIDs finds the first event whose id an earlier event holds. Equal
// ids have equal keys, so only events whose keys are equal (keys by seq-1)
// are compared, and the ledger is not sorted by id.
func duplicateIDs(ctx context.Context, tx *sql.Tx, keys []int64) (problem string, at int64, err error) {
	seqs := make([]int64, len(keys))
	for i := range seqs {
		seqs[i] = int64(i + 1)
	}
	slices.SortFunc(seqs, func(a, b int64) int { return cmp.Or(cmp.Compare(keys[a-1], keys[b-1]), cmp.Compare(a, b)) })
	first := map[string]int64{}
	for i := 0; i < len(seqs); {
		j := i + 1
		for j < len(seqs) && keys[seqs[j]-1] == keys[seqs[i]-1] {
			j++
		}
		if j-i > 1 {
			clear(first)
			for _, seq := range seqs[i:j] {
				var id string
				if err := tx.QueryRowContext(ctx, `SELECT event_id FROM events WHERE seq = $1`, seq).Scan(&id); err != nil {
					return "", 0, err
				}
				if earlier, ok := first[id]; !ok {
					first[id] = seq
				} else if problem == "" || seq < at {
					problem, at = fmt.Sprintf("its event id %s is event %d's too", id, earlier), seq
				}
			}
		}
		i = j
	}
	return problem, at, nil
}

// verifyKeys checks the keys of event ids against keys, each event's key by
// seq-1: one key for every event, and the right one.
func verifyKeys(ctx context.Context, tx *sql.Tx, keys []int64) (problem string, seq int64, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT key, seq FROM event_keys UNION ALL SELECT key, seq FROM event_keys_recent`)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	seen := make([]bool, len(keys))
	for rows.Next() {
		var key int64
		if err := rows.Scan(&key, &seq); err != nil {
			return "", 0, err
		}
		switch {
		case seq < 1 || seq > int64(len(keys)):
			return fmt.Sprintf("the keys of event ids name event %d, which the ledger does not hold", seq), seq, nil
		case seen[seq-1]:
			return "its event id has two keys", seq, nil
		case keys[seq-1] != key:
			return "the key of its event id is not its id's", seq, nil
		}
		seen[seq-1] = true
	}
	if err := rows.Err(); err != nil {
		return "", 0, err
	}
	for i, ok := range seen {
		if !ok {
			return "its event id has no key: it cannot be found by id", int64(i + 1), nil
		}
	}
	return "", 0, nil
}

func broken(r *lotledger.VerifyReport, seq int64, problem string) *lotledger.VerifyReport {
	r.OK, r.BrokenSeq, r.Problem = false, seq, problem
	return r
}

// projectionTables are the tables Rebuild recomputes, children first.
var projectionTables = []string{"scope_snapshot", "error_declarations", "epcis_sensors", "epcis_quantities", "epcis_refs", "epcis_events", "status_changes", "transits", "deliveries", "lot_edges", "movements", "stock", "lots"}

// rebuildChunk is how many events Rebuild reads and projects at a time:
// memory stays bounded by it, not by the ledger (at a million events, reading
// every event first took 6 GB).
var rebuildChunk = 5000

// Rebuild deletes the projections and recomputes them by replaying every
// event's stored detail through the same code that projects live events,
// in one transaction. Events are read rebuildChunk at a time, in order, and
// each chunk's buffered rows are written before the next is read.
func (s *Store) Rebuild(ctx context.Context) error {
	defer func() { // the snapshot went with the projections; so does the summary
		s.scopeMu.Lock()
		s.scope = nil
		s.scopeMu.Unlock()
	}()
	return s.write(ctx, func(w *writer) error {
		for _, t := range projectionTables {
			if _, err := w.tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("rebuild: clear %s: %w", t, err)
			}
		}
		for after := int64(0); ; {
			events, docs, err := w.eventsAfter(after, rebuildChunk)
			if err != nil || len(events) == 0 {
				return err
			}
			for i, ev := range events {
				if err := w.project(ev); err != nil {
					return fmt.Errorf("rebuild: event %d: %w", ev.Seq, err)
				}
				if ev.Kind == lotledger.KindDeclaration {
					continue
				}
				if err := w.indexEPCIS(ev.Seq, ev.ID, docs[i], nil); err != nil {
					return fmt.Errorf("rebuild: event %d: %w", ev.Seq, err)
				}
			}
			if err := w.flush(); err != nil {
				return fmt.Errorf("rebuild: %w", err)
			}
			after = events[len(events)-1].Seq
		}
	})
}

// eventsAfter reads up to n events after seq, in order: each one's detail
// decoded and its stored EPCIS form. The rows are closed before the caller
// writes, as PostgreSQL's connection requires.
func (w *writer) eventsAfter(seq int64, n int) ([]*lotledger.Event, [][]byte, error) {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT detail, epcis FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, n)
	if err != nil {
		return nil, nil, fmt.Errorf("rebuild: %w", err)
	}
	defer rows.Close()
	events, docs := make([]*lotledger.Event, 0, n), make([][]byte, 0, n)
	for rows.Next() {
		var detail, doc string
		if err := rows.Scan(&detail, &doc); err != nil {
			return nil, nil, fmt.Errorf("rebuild: %w", err)
		}
		ev := new(lotledger.Event)
		if err := json.Unmarshal([]byte(detail), ev); err != nil {
			return nil, nil, fmt.Errorf("rebuild: event %s: %w", detail[:min(len(detail), 40)], err)
		}
		events, docs = append(events, ev), append(docs, []byte(doc))
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("rebuild: %w", err)
	}
	return events, docs, nil
}
