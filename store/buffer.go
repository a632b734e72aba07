package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"math/bits"

	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// What a transaction projects is buffered and written when it commits, or
// earlier when a command must read it from the database (flush): new rows
// with multi-row INSERTs, stock as one net change per lot and location. A
// batch of a thousand receipts then costs one lookup per line and a handful
// of statements per table, instead of a round trip per row. While rows are
// buffered, the writer answers from memory: lots it created (txLots), stock
// changes (stockDelta) and requests it recorded (pendingRequests).

// buffered tables in flush order: each after the tables it refers to; stock
// is written between lots and movements.
var bufferedTables = []struct {
	name, columns string
}{
	{"events", "seq, event_id, request_id, request_hash, kind, event_time, reference, recorded_at, user_name, detail, epcis, prev_hash, hash"},
	{"event_keys_recent", "key, seq"},
	{"epcis_events", "seq, event_type, event_time, action, biz_step, disposition, read_point, biz_location, event_hash, error_declared, fields"},
	{"epcis_refs", "seq, role, uri"},
	{"epcis_sensors", sensorColumns},
	{"epcis_quantities", "seq, n, uom, quantity"},
	{"lots", "id, item_id, code, supplier_lot, produced, expires, status, origin_id, created_seq, created_at"},
	{"stock", ""},
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
	if err := w.drain(); err != nil {
		return err
	}
	for _, t := range bufferedTables {
		if t.name == "stock" {
			if err := w.flushStock(); err != nil {
				return err
			}
			continue
		}
		b := w.buf[t.name]
		if b == nil || len(b.args) == 0 {
			continue
		}
		if err := w.insertRows(w.ctx, t.name, t.columns, b); err != nil {
			return err
		}
		b.args = b.args[:0]
	}
	w.pendingRequests, w.txLots, w.txLotsByID, w.deliveryDelta = nil, nil, nil, nil
	return nil
}

// flushStock applies the net stock changes: additions as one multi-row
// upsert, removals one row at a time (they may empty a row, which is then
// deleted; CHECK (qty >= 0) stands behind the writer's own check).
func (w *writer) flushStock() error {
	keys := make([]stockKey, 0, len(w.stockDelta))
	for k, d := range w.stockDelta {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b stockKey) int { return cmp.Or(cmp.Compare(a.lot, b.lot), cmp.Compare(a.loc, b.loc)) })
	add := &rowBuffer{cols: 3}
	for _, k := range keys {
		if d := w.stockDelta[k]; d > 0 {
			add.args = append(add.args, k.lot, k.loc, d)
		}
	}
	if err := w.upsertStock(add); err != nil {
		return err
	}
	take := &rowBuffer{cols: 3}
	for _, k := range keys {
		if d := w.stockDelta[k]; d < 0 {
			take.args = append(take.args, k.lot, k.loc, d)
		}
	}
	if err := w.takeStock(take); err != nil {
		return err
	}
	for _, k := range keys {
		w.stockFlushed(k, w.stockDelta[k])
	}
	w.stockDelta = nil
	return nil
}

func (w *writer) upsertStock(b *rowBuffer) error {
	rows := len(b.args) / b.cols
	for start := 0; start < rows; start += 500 {
		n := min(500, rows-start)
		q := insertSQL("stock", "lot_id, location_id, qty", b.cols, n, w.s.postgres) +
			" ON CONFLICT (lot_id, location_id) DO UPDATE SET qty = stock.qty + excluded.qty"
		if _, err := w.exec(q, b.args[start*b.cols:(start+n)*b.cols]...); err != nil {
			return fmt.Errorf("add stock: %w", err)
		}
	}
	return nil
}

// takeStock applies negative changes (lot, location, delta) to existing
// stock rows, 500 to a statement, and deletes the rows they empty. Every
// row must exist: the writer checked the stock before taking it, and
// CHECK (qty >= 0) stands behind that check.
func (w *writer) takeStock(b *rowBuffer) error {
	rows := len(b.args) / b.cols
	for start := 0; start < rows; start += 500 {
		n := min(500, rows-start)
		args := b.args[start*b.cols : (start+n)*b.cols]
		res, err := w.exec(`UPDATE stock SET qty = stock.qty + v.column3 FROM (`+valuesSQL(3, n, w.s.postgres)+`) AS v
			WHERE stock.lot_id = v.column1 AND stock.location_id = v.column2`, args...)
		if err != nil {
			return fmt.Errorf("take stock: %w", err)
		}
		if got, _ := res.RowsAffected(); got != int64(n) {
			return fmt.Errorf("take stock: %d of %d stock rows to take from are missing", int64(n)-got, n)
		}
		lots := make([]int64, 0, n)
		for i := 0; i < len(args); i += 3 {
			lots = append(lots, args[i].(int64))
		}
		if _, err := w.exec(`DELETE FROM stock WHERE qty = 0 AND `+w.s.idIn("lot_id"), w.s.idList(lots)...); err != nil {
			return fmt.Errorf("clear stock: %w", err)
		}
	}
	return nil
}

// valuesSQL is a VALUES list of rows × cols bigint parameters, typed so
// that PostgreSQL need not guess.
func valuesSQL(cols, rows int, numbered bool) string {
	return "VALUES " + paramRows(cols, rows, numbered, "CAST(", " AS BIGINT)")
}

// insertRows writes b's rows in chunks; each chunk size is prepared once per
// transaction. PostgreSQL takes many rows faster by COPY.
//
// A row may be shorter than the table's columns: a store opened at an older
// schema version (tests of migrations) leaves out the columns added since,
// which come last.
func (w *writer) insertRows(ctx context.Context, table, columns string, b *rowBuffer) error {
	if strings.Count(columns, ", ")+1 > b.cols {
		columns = strings.Join(strings.Split(columns, ", ")[:b.cols], ", ")
	}
	rows := len(b.args) / b.cols
	if w.conn != nil && rows >= copyRows {
		return w.copyRows(table, columns, b)
	}
	per := max(1, min(500, maxParams/b.cols))
	for start := 0; start < rows; {
		// SQLite: full statements, then the rest in powers of two, a
		// handful of statement shapes per table, each prepared once and
		// kept. (On PostgreSQL each statement is a round trip.)
		n := min(per, rows-start)
		if n < per && !w.s.postgres {
			n = 1 << (bits.Len(uint(n)) - 1)
		}
		q := insertSQL(table, columns, b.cols, n, w.s.postgres)
		if _, err := w.execIn(ctx, q, b.args[start*b.cols:(start+n)*b.cols]...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
		start += n
	}
	return nil
}

// copyRows is the least number of rows PostgreSQL is sent by COPY rather than
// in an INSERT: COPY costs a round trip for the column types first.
const copyRows = 64

// copyRows writes b's rows by COPY on the transaction's connection: no
// statement to parse and plan, and the values in binary.
func (w *writer) copyRows(table, columns string, b *rowBuffer) error {
	rows := make([][]any, len(b.args)/b.cols)
	for i := range rows {
		rows[i] = b.args[i*b.cols : (i+1)*b.cols]
	}
	err := w.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("connection %T does not copy", dc)
		}
		_, err := c.Conn().CopyFrom(w.ctx, pgx.Identifier{table}, strings.Split(columns, ", "), pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	return nil
}

// insertSQL writes a multi-row INSERT. SQLite gets positional ? parameters:
// the driver matches $N parameters by name, which is quadratic in their
// number; PostgreSQL needs $N.
func insertSQL(table, columns string, cols, rows int, numbered bool) string {
	return "INSERT INTO " + table + " (" + columns + ") VALUES " + paramRows(cols, rows, numbered, "", "")
}

// paramRows writes rows × cols parameters as (…),(…): $1, $2, … when
// numbered, else ?; each wrapped in before and after.
func paramRows(cols, rows int, numbered bool, before, after string) string {
	var sb strings.Builder
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
			sb.WriteString(before)
			if numbered {
				sb.WriteString("$" + strconv.Itoa(p))
			} else {
				sb.WriteByte('?')
			}
			sb.WriteString(after)
			p++
		}
		sb.WriteByte(')')
	}
	return sb.String()
}
