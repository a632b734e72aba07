package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
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

// QueryEPCIS answers an EPCIS SimpleEventQuery with one page of events in
// ledger order. An unknown parameter, a malformed value, page size or token
// is a lotledger.EINVALID error naming the parameter.
func (s *Store) QueryEPCIS(ctx context.Context, q lotledger.EPCISQuery) (*lotledger.EPCISResult, error) {
	perPage, after, err := epcisPage(q)
	if err != nil {
		return nil, err
	}
	f := epcisFilter{postgres: s.postgres, store: s}
	f.add("x.seq > ?", after)
	if err := f.compile(q.Params); err != nil {
		return nil, err
	}
	if f.byHash {
		if err := s.fillEventHashes(ctx); err != nil {
			return nil, err
		}
	}
	f.args = append(f.args, perPage+1)
	rows, err := s.rdb.QueryContext(ctx, `SELECT x.seq, e.epcis, e.recorded_at, `+declarationOf+` FROM epcis_events x JOIN events e ON e.seq = x.seq`+
		f.sql()+` ORDER BY x.seq LIMIT $`+strconv.Itoa(len(f.args)), f.args...)
	if err != nil {
		return nil, fmt.Errorf("query EPCIS events: %w", err)
	}
	res := &lotledger.EPCISResult{Events: []json.RawMessage{}, Time: s.now().UTC().Truncate(timeResolution)}
	last, err := scanEPCIS(rows, perPage, res)
	if err != nil {
		return nil, fmt.Errorf("query EPCIS events: %w", err)
	}
	if last > 0 {
		res.NextPageToken = epcisToken(last)
		res.NextPageExpires = res.Time.Add(epcisTokenLifetime)
	}
	return res, nil
}

// scanEPCIS reads up to perPage events into res and returns the sequence
// number of the last one when another page follows (the query asked for
// one row more than a page), or 0.
func scanEPCIS(rows *sql.Rows, perPage int, res *lotledger.EPCISResult) (int64, error) {
	defer rows.Close()
	var seq int64
	for rows.Next() {
		if len(res.Events) == perPage {
			return seq, rows.Close()
		}
		var doc, recorded string
		var decl sql.NullString
		if err := rows.Scan(&seq, &doc, &recorded, &decl); err != nil {
			return 0, err
		}
		res.Events = append(res.Events, answerEvent(doc, recorded, decl.String))
	}
	return 0, rows.Err()
}

// epcisPage checks the page size and reads the token.
func epcisPage(q lotledger.EPCISQuery) (perPage int, after int64, err error) {
	perPage = q.PerPage
	switch {
	case perPage == 0:
		perPage = lotledger.EPCISDefaultPerPage
	case perPage < 0:
		return 0, 0, lotledger.Errorf(lotledger.EINVALID, "perPage", "perPage must be a positive integer")
	case perPage > lotledger.EPCISMaxPerPage:
		perPage = lotledger.EPCISMaxPerPage
	}
	if q.NextPageToken == "" {
		return perPage, 0, nil
	}
	after, ok := parseEPCISToken(q.NextPageToken)
	if !ok {
		return 0, 0, lotledger.Errorf(lotledger.EINVALID, "nextPageToken", "nextPageToken %q is not a token this repository issued", q.NextPageToken)
	}
	return perPage, after, nil
}

// Tokens are opaque to clients (base64 of a versioned keyset) so that their
// content can change without breaking them.
const epcisTokenPrefix = "s1:"

func epcisToken(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(epcisTokenPrefix + strconv.FormatInt(seq, 10)))
}

func parseEPCISToken(tok string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), epcisTokenPrefix)
	if !ok {
		return 0, false
	}
	seq, err := strconv.ParseInt(rest, 10, 64)
	return seq, err == nil && seq > 0
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
	var args []any
	for _, r := range roles {
		args = append(args, r)
	}
	var alts []string
	if len(exact) > 0 {
		alts = append(alts, "r.uri IN ("+placeholders(len(exact))+")")
		for _, v := range exact {
			args = append(args, v)
		}
	}
	for _, p := range patterns {
		alts = append(alts, f.prefixCond("r.uri"))
		args = append(args, f.prefixArg(p))
	}
	f.add("x.seq IN (SELECT r.seq FROM epcis_refs r WHERE r.role IN ("+placeholders(len(roles))+") AND ("+
		strings.Join(alts, " OR ")+"))", args...)
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
