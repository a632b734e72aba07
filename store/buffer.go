package store

import (
	"fmt"
	"strconv"
	"strings"
)

// Append-only rows that no command reads while it is being resolved (the
// event itself, movements, genealogy, deliveries, transits, status changes)
// are buffered in the transaction and written with multi-row INSERTs when it
// commits, or earlier when a command needs to read them (flush). A batch of a
// thousand events then costs a handful of statements per table instead of
// one per row.

// buffered tables in flush order: events first, since the others refer to it.
var bufferedTables = []struct {
	name, columns string
}{
	{"events", "seq, event_id, request_id, request_hash, kind, event_time, recorded_at, user_name, detail, epcis, prev_hash, hash"},
	{"movements", "seq, lot_id, location_id, qty"},
	{"lot_edges", "seq, parent_id, child_id, qty"},
	{"deliveries", "seq, lot_id, party_id, location_id, qty"},
	{"transits", "seq, event_id, to_id"},
	{"status_changes", "seq, lot_id, from_status, to_status"},
}

// maxParams keeps one INSERT under SQLite's limit of bound parameters.
const maxParams = 30000

// rowBuffer holds the pending rows of one table, flattened.
type rowBuffer struct {
	cols int
	args []any
}

// later queues a row for table; flush writes it.
func (w *writer) later(table string, args ...any) {
	if w.buf == nil {
		w.buf = map[string]*rowBuffer{}
	}
	b := w.buf[table]
	if b == nil {
		b = &rowBuffer{cols: len(args)}
		w.buf[table] = b
	}
	b.args = append(b.args, args...)
}

// flush writes every buffered row, table by table in dependency order.
func (w *writer) flush() error {
	for _, t := range bufferedTables {
		b := w.buf[t.name]
		if b == nil || len(b.args) == 0 {
			continue
		}
		if err := w.insertRows(t.name, t.columns, b); err != nil {
			return err
		}
		b.args = b.args[:0]
	}
	w.pendingRequests = nil
	return nil
}

// insertRows writes b's rows in chunks; each chunk size is prepared once per
// transaction.
func (w *writer) insertRows(table, columns string, b *rowBuffer) error {
	rows := len(b.args) / b.cols
	per := max(1, min(500, maxParams/b.cols))
	for start := 0; start < rows; start += per {
		n := min(per, rows-start)
		q := insertSQL(table, columns, b.cols, n, w.s.postgres)
		if _, err := w.exec(q, b.args[start*b.cols:(start+n)*b.cols]...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}

// insertSQL writes a multi-row INSERT. SQLite gets positional ? parameters:
// the driver matches $N parameters by name, which is quadratic in their
// number; PostgreSQL needs $N.
func insertSQL(table, columns string, cols, rows int, numbered bool) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + table + " (" + columns + ") VALUES ")
	p := 1
	for r := range rows {
		if r > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for c := range cols {
			if c > 0 {
				sb.WriteByte(',')
			}
			if numbered {
				sb.WriteString("$" + strconv.Itoa(p))
			} else {
				sb.WriteByte('?')
			}
			p++
		}
		sb.WriteByte(')')
	}
	return sb.String()
}
