package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// The scope summary is saved in the database (table scope_snapshot) so that
// a process starting on a ledger of millions of events reloads it and
// catches up with the events after it, instead of rebuilding it from every
// lot, stock row and delivery (about 50 s at 10M events). The snapshot
// names the ledger sequence number it is current to and that event's hash:
// a snapshot that does not match the ledger it sits in (a database restored
// from elsewhere, a ledger rewritten) is ignored and the summary rebuilt.
//
// The encoding, version 1, is a magic string, then for each lot id from 0
// up: item id (0: no lot with this id; nothing else follows), origin party
// id, the code's length and bytes, and the customer and stock lists, each a
// count and (id, signed quantity) pairs; all numbers varints. A CRC-32 of
// everything before it ends the encoding, which is stored in parts of at
// most snapshotPart bytes.

const snapshotMagic = "lotledger scope v1\n"

// snapshotPart is the largest part stored in one row (a variable so that
// tests can store a small summary in many parts).
var snapshotPart = 8 << 20

// encodeScope returns x's encoding.
func encodeScope(x *scopeIndex) []byte {
	b := make([]byte, 0, 64+len(x.lots)*24)
	b = append(b, snapshotMagic...)
	b = binary.AppendUvarint(b, uint64(len(x.lots)))
	pairs := func(b []byte, list []idQty2) []byte {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, p := range list {
			b = binary.AppendUvarint(b, uint64(p.id))
			b = binary.AppendVarint(b, p.qty)
		}
		return b
	}
	for i := range x.lots {
		l := &x.lots[i]
		b = binary.AppendUvarint(b, uint64(l.item))
		if l.item == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(l.origin))
		b = binary.AppendUvarint(b, uint64(len(l.code)))
		b = append(b, l.code...)
		b = pairs(b, l.customers)
		b = pairs(b, l.stock)
	}
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

var errSnapshot = errors.New("scope snapshot is damaged")

// decodeScope reads an encoding made by encodeScope.
func decodeScope(b []byte) (*scopeIndex, error) {
	if len(b) < len(snapshotMagic)+4 || !bytes.HasPrefix(b, []byte(snapshotMagic)) {
		return nil, errSnapshot
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.BigEndian.Uint32(b[len(b)-4:]) {
		return nil, errSnapshot
	}
	r := body[len(snapshotMagic):]
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(r)
		if n <= 0 {
			bad, r = true, nil
			return 0
		}
		r = r[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(r)
		if n <= 0 {
			bad, r = true, nil
			return 0
		}
		r = r[n:]
		return v
	}
	pairs := func() []idQty2 {
		n := uv()
		if n > uint64(len(r)) { // each pair takes at least 2 bytes
			bad = true
		}
		if n == 0 || bad {
			return nil
		}
		list := make([]idQty2, n)
		for i := range list {
			list[i] = idQty2{int64(uv()), sv()}
		}
		return list
	}
	n := uv()
	if n > uint64(len(r)) { // each lot takes at least a byte
		return nil, errSnapshot
	}
	x := &scopeIndex{lots: make([]scopeLot, n)}
	for i := range x.lots {
		l := &x.lots[i]
		if l.item = int64(uv()); l.item == 0 {
			continue
		}
		l.origin = int64(uv())
		if c := uv(); c <= uint64(len(r)) {
			l.code, r = string(r[:c]), r[c:]
		} else {
			bad = true
		}
		l.customers = pairs()
		l.stock = pairs()
		if bad {
			return nil, errSnapshot
		}
	}
	if bad || len(r) != 0 {
		return nil, errSnapshot
	}
	return x, nil
}

// SaveScope saves the scope summary, caught up with the ledger as it stands,
// in the database, replacing the snapshot saved before, and reports the
// sequence number it is current to. A process that opens the database later
// starts its summary from it (LoadScope, Scope).
func (s *Store) SaveScope(ctx context.Context) (int64, error) {
	head, err := s.ledgerHead(ctx)
	if err != nil {
		return 0, err
	}
	if err := s.catchUpScope(ctx, head); err != nil {
		return 0, err
	}
	s.scopeMu.RLock()
	seq, data := s.scope.seq, encodeScope(s.scope)
	s.scopeMu.RUnlock()
	hash := ""
	if seq > 0 {
		if err := s.rdb.QueryRowContext(ctx, `SELECT hash FROM events WHERE seq = $1`, seq).Scan(&hash); err != nil {
			return 0, fmt.Errorf("save scope: %w", err)
		}
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save scope: %w", err)
	}
	defer tx.Rollback()
	if s.postgres { // two processes saving at once take turns
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7317002)`); err != nil {
			return 0, fmt.Errorf("save scope: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM scope_snapshot`); err != nil {
		return 0, fmt.Errorf("save scope: %w", err)
	}
	for part := 0; len(data) > 0; part++ {
		chunk := data[:min(len(data), snapshotPart)]
		data = data[len(chunk):]
		if _, err := tx.ExecContext(ctx, `INSERT INTO scope_snapshot (part, seq, hash, data) VALUES ($1, $2, $3, $4)`, part, seq, hash, chunk); err != nil {
			return 0, fmt.Errorf("save scope: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("save scope: %w", err)
	}
	s.scopeMu.Lock()
	s.scopeSaved = max(s.scopeSaved, seq)
	s.scopeMu.Unlock()
	return seq, nil
}

// ScopeState reports the ledger sequence number the in-memory scope summary
// is current to and how many events it has followed since it was last saved
// or loaded from a snapshot (both 0 when it has not been built).
func (s *Store) ScopeState() (seq, unsaved int64) {
	s.scopeMu.RLock()
	defer s.scopeMu.RUnlock()
	if s.scope == nil {
		return 0, 0
	}
	return s.scope.seq, s.scope.seq - s.scopeSaved
}

// readSnapshot returns the saved summary, or nil when there is none or it
// does not belong to this ledger at or before head: it was made from
// another ledger, or is damaged. q is the read transaction the summary is
// then caught up in.
func readSnapshot(ctx context.Context, q querier, head int64) (*scopeIndex, error) {
	rows, err := q.QueryContext(ctx, `SELECT part, seq, hash, data FROM scope_snapshot ORDER BY part`)
	if err != nil {
		return nil, fmt.Errorf("scope snapshot: %w", err)
	}
	defer rows.Close()
	var data []byte
	var seq int64
	var hash string
	for want := 0; rows.Next(); want++ {
		var part int
		var s int64
		var h string
		var chunk []byte
		if err := rows.Scan(&part, &s, &h, &chunk); err != nil {
			return nil, fmt.Errorf("scope snapshot: %w", err)
		}
		if part != want || (want > 0 && (s != seq || h != hash)) {
			return nil, nil
		}
		seq, hash, data = s, h, append(data, chunk...)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scope snapshot: %w", err)
	}
	if data == nil || seq > head {
		return nil, nil
	}
	if seq > 0 {
		var have string
		switch err := q.QueryRowContext(ctx, `SELECT hash FROM events WHERE seq = $1`, seq).Scan(&have); {
		case errors.Is(err, sql.ErrNoRows):
			return nil, nil
		case err != nil:
			return nil, fmt.Errorf("scope snapshot: %w", err)
		case have != hash:
			return nil, nil
		}
	}
	x, err := decodeScope(data)
	if err != nil {
		return nil, nil
	}
	x.seq = seq
	return x, nil
}

// FollowScope keeps a bulk load's scope summary current: after every
// 100,000 events loaded (done counts them) it catches the summary up, so
// that the snapshot saved at the end costs no rebuild from the whole
// history.
func (s *Store) FollowScope(ctx context.Context, done int) error {
	if done%100_000 != 0 {
		return nil
	}
	_, err := s.LoadScope(ctx)
	return err
}
