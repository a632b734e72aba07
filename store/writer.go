package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// timeResolution is the precision the ledger keeps of times.
const timeResolution = time.Microsecond

// writer is one write transaction: it holds the ledger head, so it is the
// only writer until it commits, and it carries the state of the command being
// resolved (stock it has already taken, lots it has already created).
type writer struct {
	s    *Store
	ctx  context.Context
	tx   *sql.Tx
	conn *sql.Conn // PostgreSQL: the transaction's connection, for COPY
	now  time.Time // one timestamp per transaction
	user string
	seq  int64  // the head of the chain: last sequence number
	hash string // and its hash
	// the head when the transaction began, and its hash
	startSeq  int64
	startHash string
	lotID     int64      // the highest lot id so far
	stmtMu    sync.Mutex // stmts and unkept, for the committer and the early writer
	stmts     map[string]*sql.Stmt
	unkept    []string              // statements not yet kept across transactions (SQLite)
	early     *earlyWriter          // writing the early rows handed over (early.go)
	buf       map[string]*rowBuffer // rows written at flush (buffer.go)

	// requests recorded in this transaction but maybe not yet flushed, by id
	pendingRequests map[string]pendingRequest

	// per command, while it is resolved
	pending map[stockKey]lotledger.Quantity // stock taken or added, not yet projected
	newLots map[lotKey]*lotRow              // lots created, not yet projected

	// per transaction, projected but not yet flushed (buffer.go)
	stockDelta map[stockKey]int64 // net change of stock rows
	txLots     map[lotKey]*lotRow // lots whose rows are buffered
	txLotsByID map[int64]*lotRow
	// deliveries buffered, by lot and party (the sign of the deliveries table)
	deliveryDelta map[[2]int64]int64
	// lots and stock read ahead for a captured document (prefetch.go)
	cache *lotCache
	// the @context of the document being captured, while its events are
	// appended
	docContext json.RawMessage

	failed error // a command failed: the transaction can only roll back

	keysMerged bool // the recent event keys were merged (eventkeys.go)
}

type stockKey struct{ lot, loc int64 }

type pendingRequest struct {
	hash string
	ev   lotledger.Event
}

type lotKey struct {
	item int64
	code string
}

// write runs fn in one serialised write transaction and commits it with the
// new ledger head. Any error rolls everything back.
func (s *Store) write(ctx context.Context, fn func(w *writer) error) error {
	var conn *sql.Conn
	begin := s.wdb.BeginTx
	if s.postgres {
		var err error
		if conn, err = s.wdb.Conn(ctx); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer conn.Close()
		begin = conn.BeginTx
	}
	tx, err := begin(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	w := &writer{s: s, ctx: ctx, tx: tx, conn: conn, user: lotledger.UserFrom(ctx), stmts: map[string]*sql.Stmt{}}
	defer func() {
		w.drain() // on failure: rows still being written; its error is moot
		w.closeStmts()
		tx.Rollback()
		s.keepStmts(ctx, w.unkept)
	}()
	// The head, and when its event was recorded: this transaction records
	// at that time or later (recordedAfter).
	lock := `SELECT h.seq, h.hash, COALESCE((SELECT recorded_at FROM events WHERE seq = h.seq), '') FROM ledger_head h WHERE h.id = 1`
	if s.postgres {
		lock += ` FOR UPDATE`
	}
	var last string
	if err := tx.QueryRowContext(ctx, lock).Scan(&w.seq, &w.hash, &last); err != nil {
		return fmt.Errorf("lock ledger head: %w", err)
	}
	w.now = recordedAfter(s.now(), last)
	w.startSeq, w.startHash = w.seq, w.hash
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM lots`).Scan(&w.lotID); err != nil {
		return fmt.Errorf("read lot ids: %w", err)
	}
	if err := fn(w); err != nil {
		return err
	}
	if w.failed != nil {
		return w.failed
	}
	if err := w.flush(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_head SET seq = $1, hash = $2 WHERE id = 1`, w.seq, w.hash); err != nil {
		return fmt.Errorf("move ledger head: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.ckpt.committed()
	s.keys.committed(w)
	if w.keysMerged {
		s.keysMerged.Store(w.seq)
	} else if err := s.maybeMergeKeys(ctx, w.seq); err != nil {
		// The write is durable; the keys stay recent and the next commit
		// merges them.
		s.log.Warn("merge event keys", "err", err)
	}
	return nil
}

// exec runs a statement prepared once per transaction: a batch of thousands
// of events parses each statement once.
func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	return w.execIn(w.ctx, query, args...)
}

// execIn is exec for the early writer (early.go), which runs beside the
// committer with the context of the write that handed it its rows.
func (w *writer) execIn(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := w.stmtIn(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (w *writer) queryRow(query string, args ...any) *sql.Row {
	st, err := w.stmt(query)
	if err != nil {
		return w.tx.QueryRowContext(w.ctx, query, args...)
	}
	return st.QueryRowContext(w.ctx, args...)
}

func (w *writer) query(query string, args ...any) (*sql.Rows, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(w.ctx, args...)
}

func (w *writer) stmt(query string) (*sql.Stmt, error) { return w.stmtIn(w.ctx, query) }

// stmtIn returns the transaction's statement for query. The committer and
// the early writer both ask, so the statements are kept under a lock.
func (w *writer) stmtIn(ctx context.Context, query string) (*sql.Stmt, error) {
	w.stmtMu.Lock()
	defer w.stmtMu.Unlock()
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if !w.s.postgres { // SQLite's one write connection keeps its statements
		if kept := w.s.writeStmts.peek(query); kept != nil {
			st = w.tx.StmtContext(ctx, kept)
		} else {
			w.unkept = append(w.unkept, query)
		}
	}
	if st == nil {
		var err error
		if st, err = w.tx.PrepareContext(ctx, query); err != nil {
			return nil, fmt.Errorf("prepare: %w", err)
		}
	}
	w.stmts[query] = st
	return st, nil
}

// keepStmts prepares, on the write pool, the statements a transaction
// prepared for itself alone, so that the transactions after it reuse them.
// It runs when the transaction has ended: SQLite's write pool has one
// connection, which the transaction held.
func (s *Store) keepStmts(ctx context.Context, queries []string) {
	for _, q := range queries {
		if _, err := s.writeStmts.get(ctx, s.wdb, q); err != nil {
			return // the statement is prepared per transaction, as before
		}
	}
}

func (w *writer) closeStmts() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// command runs one command inside the transaction. If the client's id was
// seen before, it returns the first result and records nothing; an id reused
// with a different request is a conflict.
func (w *writer) command(kind, id string, req any, resolve func(ev *lotledger.Event) error) (res *lotledger.Result, err error) {
	if w.failed != nil {
		return nil, fmt.Errorf("batch aborted by an earlier error: %w", w.failed)
	}
	defer func() {
		if err != nil {
			w.failed = err
		}
	}()
	w.pending, w.newLots = map[stockKey]lotledger.Quantity{}, map[lotKey]*lotRow{}
	reqHash := ""
	if id != "" {
		if len(id) > 200 {
			return nil, lotledger.Errorf(lotledger.EINVALID, "id", "id is longer than 200 characters")
		}
		body, _ := json.Marshal(req)
		sum := sha256.Sum256(append([]byte(kind+"\n"), body...))
		reqHash = hex.EncodeToString(sum[:])
		if res, err := w.replay(id, reqHash); res != nil || err != nil {
			return res, err
		}
	}
	ev := &lotledger.Event{Kind: kind, RequestID: id, User: w.user, RecordedAt: w.now, Moves: []lotledger.Move{}}
	if err := resolve(ev); err != nil {
		return nil, err
	}
	if err := w.append(ev, reqHash, nil, nil); err != nil {
		return nil, err
	}
	return &lotledger.Result{Event: *ev}, nil
}

func (w *writer) replay(id, reqHash string) (*lotledger.Result, error) {
	if p, ok := w.pendingRequests[id]; ok {
		if p.hash != reqHash {
			return nil, lotledger.Errorf(lotledger.ECONFLICT, "id", "id %q was already used for a different request", id)
		}
		return &lotledger.Result{Event: p.ev, Replayed: true}, nil
	}
	var detail, hash, storedHash string
	err := w.queryRow(`SELECT detail, hash, request_hash FROM events WHERE request_id = $1`, id).Scan(&detail, &hash, &storedHash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up request id: %w", err)
	}
	if storedHash != reqHash {
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "id", "id %q was already used for a different request", id)
	}
	res := &lotledger.Result{Replayed: true}
	if err := json.Unmarshal([]byte(detail), &res.Event); err != nil {
		return nil, fmt.Errorf("decode event: %w", err)
	}
	res.Hash = hash
	return res, nil
}

// eventTime parses the command's time (now when empty) and fills the event's
// time and zone.
func (w *writer) eventTime(ev *lotledger.Event, s string) error {
	t := w.now
	if s != "" {
		var err error
		if t, err = lotledger.ParseTime("time", s); err != nil {
			return err
		}
	}
	ev.TimeZone = t.Format("-07:00")
	ev.Time = t.UTC().Truncate(timeResolution)
	return nil
}

// append gives ev the next sequence number and an id, encodes it as EPCIS
// (or keeps raw, the EPCIS event a partner sent, whose eventID ev.ID already
// holds), chains it to the previous event, stores it and updates the
// projections and the EPCIS query index.
func (w *writer) append(ev *lotledger.Event, reqHash string, raw []byte, decoded *epcis.Event) error {
	ev.Seq = w.seq + 1
	if ev.ID == "" {
		ev.ID = newEventID()
	}
	ev.Hash = ""
	doc := raw
	if doc == nil {
		var err error
		if doc, err = epcis.EncodeEvent(ev, directory{w.s}); err != nil {
			return fmt.Errorf("encode EPCIS event: %w", err)
		}
		described, err := epcis.Describe(ev, directory{w.s})
		if err != nil {
			return fmt.Errorf("describe EPCIS event: %w", err)
		}
		decoded = &described
	}
	detail, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	row := eventRow{seq: ev.Seq, eventID: ev.ID, recordedAt: formatTime(ev.RecordedAt), user: ev.User, detail: string(detail), epcis: string(doc), prevHash: w.hash}
	row.hash = row.computeHash()
	var reqID any
	if ev.RequestID != "" {
		reqID = ev.RequestID
	}
	w.later("events", row.seq, row.eventID, reqID, reqHash, ev.Kind, formatTime(ev.Time), ev.Reference, row.recordedAt, row.user, row.detail, row.epcis, row.prevHash, row.hash)
	if !w.s.keyless() {
		key := eventKey(row.eventID)
		w.later("event_keys_recent", key, row.seq)
		w.s.keys.add(key)
	}
	if err := w.project(ev); err != nil {
		return err
	}
	// A declaration is shown on the event it is about (QueryEPCIS), not
	// queried as an event of its own.
	if ev.Kind != lotledger.KindDeclaration {
		if err := w.indexEPCIS(ev.Seq, ev.ID, doc, decoded); err != nil {
			return err
		}
	}
	w.seq, w.hash, ev.Hash = ev.Seq, row.hash, row.hash
	if ev.RequestID != "" {
		if w.pendingRequests == nil {
			w.pendingRequests = map[string]pendingRequest{}
		}
		w.pendingRequests[ev.RequestID] = pendingRequest{reqHash, *ev}
	}
	return nil
}

// eventRow is an event as stored; its hash covers every stored field that
// says what happened, and the previous hash.
type eventRow struct {
	seq                                      int64
	eventID, recordedAt, user, detail, epcis string
	prevHash, hash                           string
}

func (r *eventRow) computeHash() string {
	h := sha256.New()
	for _, part := range []string{r.prevHash, strconv.FormatInt(r.seq, 10), r.eventID, r.recordedAt, r.user, r.detail, r.epcis} {
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// recordedAfter is the time a transaction records its events at: now, but
// never before last, the time the ledger's last event was recorded. Record
// times then never go back along the ledger, even when two servers' clocks
// disagree or a clock is set back, and a partner that polls with
// GE_recordTime set to the last record time it saw misses no event. Taken
// after the head is locked, so that a transaction that waited for another
// records after it.
func recordedAfter(now time.Time, last string) time.Time {
	now = now.UTC().Truncate(timeResolution)
	if t := parseTime(last); t.After(now) { // "" (an empty ledger): the zero time
		return t
	}
	return now
}

func newEventID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	x := hex.EncodeToString(b[:])
	return "urn:uuid:" + x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// directory answers the EPCIS encoder's GLN questions from the caches, which
// hold every location and party the command resolved.
type directory struct{ s *Store }

func (d directory) LocationGLN(code string) string {
	d.s.mu.RLock()
	defer d.s.mu.RUnlock()
	if l := d.s.locs[code]; l != nil {
		return l.GLN
	}
	return ""
}

func (d directory) PartyGLN(code string) string {
	d.s.mu.RLock()
	defer d.s.mu.RUnlock()
	if p := d.s.parties[code]; p != nil {
		return p.GLN
	}
	return ""
}
