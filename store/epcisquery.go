package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// The EPCIS 2.0 query interface reads the ledger's events through the EPCIS
// index (migrations/0002_epcis_index.sql): the index finds the events, and
// the events come back exactly as stored in events.epcis.

// epcisTokenLifetime is how long a next-page token is promised to work.
// Tokens are keysets (the last sequence number of the page), which stay
// valid as long as the ledger exists; the promise is kept short so that a
// later version may bind tokens to server state.
const epcisTokenLifetime = 24 * time.Hour

// QueryEPCIS answers an EPCIS SimpleEventQuery with one page of events:
// in ledger order, or in the order orderBy and orderDirection ask for. An
// unknown parameter, a malformed value, page size or token is a
// lotledger.EINVALID error naming the parameter; a query matching more
// events than its maxEventCount is lotledger.ETOOLARGE.
func (s *Store) QueryEPCIS(ctx context.Context, q lotledger.EPCISQuery) (*lotledger.EPCISResult, error) {
	ctl, params, err := takeControls(q.Params)
	if err != nil {
		return nil, err
	}
	ctl.postgres = s.postgres
	perPage, cur, err := epcisPage(q, ctl)
	if err != nil {
		return nil, err
	}
	res, next, more, err := s.runEPCIS(ctx, params, ctl, perPage, cur)
	if err != nil {
		return nil, err
	}
	if cur.remaining > 0 {
		next.remaining = cur.remaining - len(res.Events)
		more = more && next.remaining > 0
	}
	if more {
		next.orderBy, next.desc = ctl.orderBy, ctl.desc
		res.NextPageToken = next.token()
		res.NextPageExpires = res.Time.Add(epcisTokenLifetime)
	}
	return res, nil
}

// runEPCIS reads the page of the query (its controls already taken out)
// after cur, and where the page ends and whether more events match.
func (s *Store) runEPCIS(ctx context.Context, params map[string][]string, ctl epcisControls, perPage int, cur epcisCursor) (*lotledger.EPCISResult, epcisCursor, bool, error) {
	f := epcisFilter{ctx: ctx, postgres: s.postgres, store: s}
	f.after(cur, ctl)
	keyset := len(f.where) // the conditions before are the keyset's
	if err := f.compile(params); err != nil {
		return nil, cur, false, err
	}
	if f.byHash {
		if err := s.fillEventHashes(ctx); err != nil {
			return nil, cur, false, err
		}
	}
	if cur.seq == 0 { // the query's first page
		if over, err := s.tooMany(ctx, &f, ctl); err != nil {
			return nil, cur, false, fmt.Errorf("query EPCIS events: %w", err)
		} else if over {
			return nil, cur, false, lotledger.Errorf(lotledger.ETOOLARGE, "maxEventCount", "more than %d events match the query (maxEventCount)", ctl.maxCount)
		}
	}
	res := &lotledger.EPCISResult{Events: []json.RawMessage{}, Time: s.now().UTC().Truncate(timeResolution)}
	var next epcisCursor
	more, full := false, false
	nearby, err := s.sortsEveryMatch(ctx, &f, keyset, ctl, perPage)
	if err == nil && nearby {
		next, more, full, err = s.epcisPageNearby(ctx, &f, keyset, ctl, perPage, res)
	}
	if err == nil && !full {
		res.Events = res.Events[:0]
		next, more, err = s.epcisPageIndexed(ctx, &f, ctl, perPage, res)
	}
	if err != nil {
		return nil, cur, false, fmt.Errorf("query EPCIS events: %w", err)
	}
	return res, next, more, nil
}

// epcisScanWindow is how many events, in the query's order, a page is
// first looked for among (epcisPageNearby): for perPage events, this many
// times as many, at least epcisScanMin and at most epcisScanMax.
var (
	epcisScanWindow = 64
	epcisScanMin    = 1_000
	epcisScanMax    = 20_000
)

// epcisPageNearby looks for the page among the next events in the query's
// order only, and reports whether it found a whole page and the event after
// it. Most queries match often (a business step, a site, an event type),
// and then this reads a few thousand index entries, where the planner's own
// choice (every match by the filter's index, then sorted) reads every
// match: 1.6 s for the latest of 415,000 shipments at 1M events. It picks
// the page's sequence numbers first and reads the events themselves after,
// so that the events it passes over are not read. When it comes up short
// (a rare lot, the end of the ledger), the caller asks epcisPageIndexed.
// The conditions of f before keyset are the keyset's.
func (s *Store) epcisPageNearby(ctx context.Context, f *epcisFilter, keyset int, ctl epcisControls, perPage int, res *lotledger.EPCISResult) (epcisCursor, bool, bool, error) {
	window := min(epcisScanMax, max(epcisScanMin, epcisScanWindow*(perPage+1)))
	from := ` FROM epcis_events x`
	if ctl.orderBy == "recordTime" { // the index of record times has them
		from = ` FROM epcis_events x JOIN events e ON e.seq = x.seq`
	}
	ks := filter{where: f.where[:keyset]}
	args := append(append([]any(nil), f.args...), window, perPage+1)
	near := `SELECT x.seq` + from + ks.sql() + ctl.orderSQL() + ` LIMIT $` + strconv.Itoa(len(args)-1)
	seqs, err := s.querySeqs(ctx, `SELECT x.seq FROM epcis_events x JOIN events e ON e.seq = x.seq WHERE `+
		strings.Join(append([]string{`x.seq IN (` + near + `)`}, f.where...), " AND ")+ctl.orderSQL()+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil || len(seqs) <= perPage {
		return epcisCursor{}, false, false, err
	}
	next, more, err := s.epcisPageOf(ctx, seqs, ctl, perPage, res)
	return next, more, true, err
}

// epcisPageOf reads the events of a page whose sequence numbers (and
// perhaps the next one's) are known.
func (s *Store) epcisPageOf(ctx context.Context, seqs []int64, ctl epcisControls, perPage int, res *lotledger.EPCISResult) (epcisCursor, bool, error) {
	if len(seqs) == 0 {
		return epcisCursor{}, false, nil
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT x.seq, `+ctl.orderKey()+`, e.epcis, e.recorded_at, `+declarationOf+
		` FROM epcis_events x JOIN events e ON e.seq = x.seq WHERE `+s.idIn("x.seq")+ctl.orderSQL(), s.idList(seqs)...)
	if err != nil {
		return epcisCursor{}, false, err
	}
	return scanEPCIS(rows, perPage, res)
}

// referencesEvents finds a condition on the events table (e.recorded_at)
// among a filter's.
var referencesEvents = regexp.MustCompile(`(^|[^A-Za-z0-9_])e\.`)

// epcisPageByField reads a page ordered by an extension field. No index
// has the field's values, so every match is sorted: by its sequence number
// and the field alone, which are in the index row, and the page's events
// are read after, rather than every match's.
func (s *Store) epcisPageByField(ctx context.Context, f *epcisFilter, ctl epcisControls, perPage int, res *lotledger.EPCISResult) (epcisCursor, bool, error) {
	from := ` FROM epcis_events x`
	if referencesEvents.MatchString(f.sql()) { // joining every match to its event costs 1 s at 1M events
		from += ` JOIN events e ON e.seq = x.seq`
	}
	args := append(append([]any(nil), f.args...), perPage+1)
	seqs, err := s.querySeqs(ctx, `SELECT x.seq`+from+f.sql()+ctl.orderSQL()+` LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return epcisCursor{}, false, err
	}
	return s.epcisPageOf(ctx, seqs, ctl, perPage, res)
}

// querySeqs runs a query of sequence numbers.
func (s *Store) querySeqs(ctx context.Context, q string, args ...any) ([]int64, error) {
	return queryColumn[int64](ctx, s, q, args...)
}

// queryColumn runs a query of one column on the read pool and returns its
// values.
func queryColumn[T any](ctx context.Context, s *Store, q string, args ...any) ([]T, error) {
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// epcisPageIndexed reads the page as the planner chooses: by the filters'
// indexes, then in order.
func (s *Store) epcisPageIndexed(ctx context.Context, f *epcisFilter, ctl epcisControls, perPage int, res *lotledger.EPCISResult) (epcisCursor, bool, error) {
	if ctl.field != "" {
		return s.epcisPageByField(ctx, f, ctl, perPage, res)
	}
	q, args := epcisIndexedSQL(f, ctl, perPage)
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return epcisCursor{}, false, err
	}
	return scanEPCIS(rows, perPage, res)
}

func epcisIndexedSQL(f *epcisFilter, ctl epcisControls, perPage int) (string, []any) {
	args := append(append([]any(nil), f.args...), perPage+1)
	return `SELECT x.seq, ` + ctl.orderKey() + `, e.epcis, e.recorded_at, ` + declarationOf +
		` FROM epcis_events x JOIN events e ON e.seq = x.seq` + f.sql() + ctl.orderSQL() + ` LIMIT $` + strconv.Itoa(len(args)), args
}

// sortsEveryMatch reports whether the planner would read every event the
// filters match and sort them to answer a page, which epcisPageNearby is
// then tried before. A query without filters walks an index in order. On
// SQLite the plan says so ("USE TEMP B-TREE FOR ORDER BY"); PostgreSQL's
// planner weighs an ordered walk against its LIMIT itself, and is left to
// it unless the query asks for an order of times.
func (s *Store) sortsEveryMatch(ctx context.Context, f *epcisFilter, keyset int, ctl epcisControls, perPage int) (bool, error) {
	if len(f.where) == keyset || ctl.field != "" { // no index has a field's values: every match is sorted either way
		return false, nil
	}
	if s.postgres {
		return ctl.orderBy != "", nil
	}
	q, args := epcisIndexedSQL(f, ctl, perPage)
	rows, err := s.rdb.QueryContext(ctx, `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	sorts := false
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return false, err
		}
		// The query's own sort, not the declaration subquery's.
		sorts = sorts || parent == 0 && strings.Contains(detail, "B-TREE FOR") && strings.Contains(detail, "ORDER BY")
	}
	return sorts, rows.Err()
}

// scanEPCIS reads up to perPage events into res and returns where the page
// ends, and whether another page follows (the query asked for one row more
// than a page).
func scanEPCIS(rows *sql.Rows, perPage int, res *lotledger.EPCISResult) (epcisCursor, bool, error) {
	defer rows.Close()
	var last epcisCursor
	for rows.Next() {
		if len(res.Events) == perPage {
			return last, true, rows.Close()
		}
		var doc, recorded string
		var decl sql.NullString
		if err := rows.Scan(&last.seq, &last.key, &doc, &recorded, &decl); err != nil {
			return last, false, err
		}
		res.Events = append(res.Events, answerEvent(doc, recorded, decl.String))
	}
	return last, false, rows.Err()
}

// epcisPage checks the page size and reads the token, which must come from
// a query in the same order. With eventCountLimit, the first page holds at
// most that many events and the token carries how many more may follow.
func epcisPage(q lotledger.EPCISQuery, ctl epcisControls) (perPage int, cur epcisCursor, err error) {
	perPage = q.PerPage
	switch {
	case perPage == 0:
		perPage = lotledger.EPCISDefaultPerPage
	case perPage < 0:
		return 0, cur, lotledger.Errorf(lotledger.EINVALID, "perPage", "perPage must be a positive integer")
	case perPage > lotledger.EPCISMaxPerPage:
		perPage = lotledger.EPCISMaxPerPage
	}
	if q.NextPageToken == "" {
		cur.remaining = ctl.countLimit
	} else {
		var ok bool
		if cur, ok = parseEPCISToken(q.NextPageToken); !ok {
			return 0, cur, lotledger.Errorf(lotledger.EINVALID, "nextPageToken", "nextPageToken %q is not a token this repository issued", q.NextPageToken)
		}
		if cur.orderBy != ctl.orderBy || cur.desc != ctl.desc || (cur.remaining > 0) != (ctl.countLimit > 0) {
			return 0, cur, lotledger.Errorf(lotledger.EINVALID, "nextPageToken", "nextPageToken was issued for a query with another orderBy, orderDirection or eventCountLimit")
		}
	}
	if cur.remaining > 0 {
		perPage = min(perPage, cur.remaining)
	}
	return perPage, cur, nil
}

// EPCISEvent returns one event as stored, by its eventID or its CBV 2.0
// event hash; lotledger.ENOTFOUND when the ledger has no such event.
func (s *Store) EPCISEvent(ctx context.Context, eventID string) (json.RawMessage, error) {
	var doc, recorded string
	var decl sql.NullString
	cond, args := s.byEventID([]string{eventID}, true)
	err := s.rdb.QueryRowContext(ctx, `SELECT e.epcis, e.recorded_at, `+declarationOf+` FROM events e WHERE `+cond, args...).Scan(&doc, &recorded, &decl)
	if errors.Is(err, sql.ErrNoRows) && isEventHash(eventID) {
		err = s.eventByHash(ctx, eventID, &doc, &recorded, &decl)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "eventID", "the ledger has no event %s", eventID)
	}
	if err != nil {
		return nil, fmt.Errorf("read EPCIS event: %w", err)
	}
	return answerEvent(doc, recorded, decl.String), nil
}

// answerEvent is a stored event as a query answers it: with the time the
// ledger recorded it as its recordTime (epcis.WithRecordTime), and the
// error declaration made about it, if any (withDeclaration).
func answerEvent(doc, recorded, decl string) json.RawMessage {
	return withDeclaration(string(epcis.WithRecordTime([]byte(doc), parseTime(recorded))), decl)
}

// declarationOf selects, for the event e, the latest captured event that
// declared it in error.
const declarationOf = `(SELECT d.epcis FROM error_declarations ed JOIN events d ON d.seq = ed.seq
	WHERE ed.event_id = e.event_id ORDER BY ed.seq DESC LIMIT 1)`

// withDeclaration shows an error declaration on the event it is about, as
// EPCIS asks: the stored event stays as recorded, and the answer carries the
// declaring event's errorDeclaration.
func withDeclaration(doc, decl string) json.RawMessage {
	if decl == "" {
		return json.RawMessage(doc)
	}
	var d struct {
		ErrorDeclaration json.RawMessage `json:"errorDeclaration"`
	}
	var own struct {
		ErrorDeclaration json.RawMessage `json:"errorDeclaration"`
	}
	if json.Unmarshal([]byte(decl), &d) != nil || d.ErrorDeclaration == nil ||
		json.Unmarshal([]byte(doc), &own) != nil || own.ErrorDeclaration != nil {
		return json.RawMessage(doc)
	}
	body := strings.TrimRight(strings.TrimSpace(doc), "}")
	return json.RawMessage(body + `,"errorDeclaration":` + string(d.ErrorDeclaration) + "}")
}

func (s *Store) eventByHash(ctx context.Context, hash string, doc, recorded *string, decl *sql.NullString) error {
	if err := s.fillEventHashes(ctx); err != nil {
		return err
	}
	return s.rdb.QueryRowContext(ctx, `SELECT e.epcis, e.recorded_at, `+declarationOf+` FROM epcis_events x JOIN events e ON e.seq = x.seq
		WHERE x.event_hash = $1 ORDER BY x.seq LIMIT 1`, hash).Scan(doc, recorded, decl)
}

// refs adds "the event names one of exact, or an identifier matching one
// of patterns, in one of roles".
func (f *epcisFilter) refs(roles, exact []string, patterns []string) {
	var alts []string
	var args []any
	if len(exact) > 0 {
		alts = append(alts, "r.uri IN ("+placeholders(len(exact))+")")
		args = anys(exact)
	}
	for _, p := range patterns {
		alts = append(alts, f.prefixCond("r.uri"))
		args = append(args, f.prefixArg(p))
	}
	f.refsWhere(roles, "("+strings.Join(alts, " OR ")+")", args...)
}

// refsWhere adds: the event names, in one of roles, an identifier r.uri
// for which cond holds.
func (f *epcisFilter) refsWhere(roles []string, cond string, args ...any) {
	f.add("x.seq IN (SELECT r.seq FROM epcis_refs r WHERE r.role IN ("+placeholders(len(roles))+") AND "+cond+")",
		append(anys(roles), args...)...)
}

// match adds a MATCH_ parameter: each value an identifier or a pattern.
func (f *epcisFilter) match(name string, roles, values []string) error {
	var exact, prefixes []string
	for _, v := range values {
		m, err := epcis.MatchPattern(v)
		if err != nil {
			return lotledger.Errorf(lotledger.EINVALID, name, "%s: %v", name, err)
		}
		if m.Exact != "" {
			exact = append(exact, m.Exact)
		}
		prefixes = append(prefixes, m.Prefixes...)
	}
	f.refs(roles, exact, prefixes)
	return nil
}

// prefixCond is a case-sensitive "starts with" on both databases: SQLite's
// LIKE ignores ASCII case, so SQLite uses GLOB; PostgreSQL's LIKE is
// case-sensitive. Both can use the uri index for a fixed prefix.
func (f *epcisFilter) prefixCond(col string) string {
	if f.postgres {
		return col + ` LIKE ?`
	}
	return col + ` GLOB ?`
}

// prefixArg escapes p's wildcards for prefixCond and appends the wildcard.
func (f *epcisFilter) prefixArg(p string) string {
	if f.postgres {
		return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(p) + "%"
	}
	return strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`).Replace(p) + "*"
}
