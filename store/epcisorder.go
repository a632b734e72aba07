package store

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// The query controls of an EPCIS SimpleEventQuery (EPCIS 2.0, 8.2.7.1):
// orderBy, orderDirection, eventCountLimit and maxEventCount. They say how
// the matching events are ordered and how many are answered, not which
// events match.

// epcisControls is what a query's controls ask for.
type epcisControls struct {
	// orderBy is "", "eventTime", "recordTime" or the name of an extension
	// field of the event (it has a colon: prefix:name or an IRI), as the
	// query wrote it; "" is ledger order.
	orderBy    string
	field      string // when orderBy is a field: the name its values are indexed under (epcis.ExpandFieldName)
	desc       bool
	countLimit int // eventCountLimit: at most this many events in all; 0: no limit
	maxCount   int // maxEventCount: refuse a query matching more; -1: no limit
	postgres   bool
}

// orderColumn is the column the events are ordered by, after which the
// ledger's sequence number breaks ties.
//
// An extension field orders the events by its first value (epcis_events.fields):
// its time where it is a date or date-time (epcis.FieldTime), else its
// number or text. Values of different types order by type, as the
// database orders JSON values (SQLite: numbers, then text; PostgreSQL:
// text, then numbers). Events without the field come after every other
// (before them, descending): an empty blob on SQLite, an object on
// PostgreSQL, each its database's last.
func (c epcisControls) orderColumn() string {
	switch c.orderBy {
	case "":
		return "''"
	case "eventTime":
		return "x.event_time"
	case "recordTime":
		return "e.recorded_at"
	}
	timeKey, key := epcis.FieldKey(epcis.FieldExtension, c.field, true), epcis.FieldKey(epcis.FieldExtension, c.field, false)
	if c.postgres {
		return `COALESCE(x.fields -> '` + timeKey + `' -> 0, x.fields -> '` + key + `' -> 0, '{}'::jsonb)`
	}
	return `COALESCE(json_extract(x.fields, '$."` + timeKey + `"[0]'), json_extract(x.fields, '$."` + key + `"[0]'), X'')`
}

// orderKey is the order column as the text a page token keeps: the column
// itself for a time; for a field on PostgreSQL its JSON text, on SQLite
// its value after its type (n: a number, s: text, z: none).
func (c epcisControls) orderKey() string {
	col := c.orderColumn()
	switch {
	case c.field == "":
		return col
	case c.postgres:
		return "(" + col + ")::text"
	}
	return "CASE typeof(" + col + ") WHEN 'integer' THEN 'n:' || printf('%.17g', " + col + ") WHEN 'real' THEN 'n:' || printf('%.17g', " + col +
		") WHEN 'text' THEN 's:' || " + col + " ELSE 'z:' END"
}

// keyArg is a page token's order key as the order column compares with it.
func (c epcisControls) keyArg(key string) (string, any) {
	switch {
	case c.field == "":
		return "?", key
	case c.postgres:
		return "?::jsonb", key
	}
	typ, v, _ := strings.Cut(key, ":")
	switch typ {
	case "n":
		n, _ := strconv.ParseFloat(v, 64)
		return "?", n
	case "s":
		return "?", v
	}
	return "?", []byte{}
}

func (c epcisControls) orderSQL() string {
	dir := " ASC"
	if c.desc {
		dir = " DESC"
	}
	if c.orderBy == "" {
		return " ORDER BY x.seq"
	}
	return " ORDER BY " + c.orderColumn() + dir + ", x.seq" + dir
}

// takeControls removes the controls from params (a copy is returned; the
// caller's map is not changed) and reads them.
func takeControls(params map[string][]string) (epcisControls, map[string][]string, error) {
	c := epcisControls{maxCount: -1}
	rest := make(map[string][]string, len(params))
	for name, values := range params {
		rest[name] = values
	}
	one := func(name string) (string, bool, error) {
		values, ok := rest[name]
		if !ok {
			return "", false, nil
		}
		delete(rest, name)
		if len(values) != 1 || strings.TrimSpace(values[0]) == "" {
			return "", false, lotledger.Errorf(lotledger.EINVALID, name, "%s takes one value", name)
		}
		return strings.TrimSpace(values[0]), true, nil
	}
	count := func(name string, least int) (int, bool, error) {
		v, ok, err := one(name)
		if !ok || err != nil {
			return 0, ok, err
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < least {
			return 0, false, lotledger.Errorf(lotledger.EINVALID, name, "%s must be an integer of at least %d, not %q", name, least, v)
		}
		return n, true, nil
	}
	orderBy, ordered, err := one("orderBy")
	if err != nil {
		return c, nil, err
	}
	if ordered {
		switch {
		case orderBy == "eventTime" || orderBy == "recordTime":
		case orderableField(orderBy):
			c.field, _ = epcis.ExpandFieldName(orderBy)
		default:
			return c, nil, lotledger.Errorf(lotledger.EINVALID, "orderBy",
				"orderBy %q is not eventTime, recordTime or an extension field (prefix:name or an IRI, without quotes, backslashes or question marks)", orderBy)
		}
		c.orderBy, c.desc = orderBy, true // the standard's default direction
	}
	dir, directed, err := one("orderDirection")
	if err != nil {
		return c, nil, err
	}
	if directed {
		if dir != "ASC" && dir != "DESC" {
			return c, nil, lotledger.Errorf(lotledger.EINVALID, "orderDirection", "orderDirection %q is not ASC or DESC", dir)
		}
		c.desc = ordered && dir == "DESC"
	}
	limit, limited, err := count("eventCountLimit", 1)
	if err != nil {
		return c, nil, err
	}
	maxCount, capped, err := count("maxEventCount", 0)
	if err != nil {
		return c, nil, err
	}
	switch {
	case limited && capped:
		return c, nil, lotledger.Errorf(lotledger.EINVALID, "eventCountLimit", "eventCountLimit and maxEventCount cannot be given together")
	case limited && !ordered:
		return c, nil, lotledger.Errorf(lotledger.EINVALID, "eventCountLimit", "eventCountLimit needs orderBy, which says which events come first")
	}
	if limited {
		c.countLimit = limit
	}
	if capped {
		c.maxCount = maxCount
	}
	return c, rest, nil
}

// orderableField reports whether name can be an extension field orderBy
// names: it has a colon, and nothing that would have to be quoted in SQL
// or a JSON path, or that a condition's placeholders would take (?); the
// name is written into the SQL.
func orderableField(name string) bool {
	return strings.Contains(name, ":") && !strings.ContainsAny(name, "'\"\\?")
}

// epcisCursor is where a page ends: the last event's sequence number and
// order key, the order the query asked for, and how many events
// eventCountLimit still allows (0: no limit).
type epcisCursor struct {
	seq       int64
	key       string
	orderBy   string
	desc      bool
	remaining int
}

// Tokens are opaque to clients (base64 of a versioned keyset) so that their
// content can change without breaking them: "s1:<seq>" (ledger order, the
// first version) or "s2:<orderBy>:<A|D>:<remaining>:<seq>:<key>".
const (
	epcisTokenV1 = "s1:"
	epcisTokenV2 = "s2:"
)

func (c epcisCursor) token() string {
	if c.orderBy == "" && c.remaining == 0 {
		return base64.RawURLEncoding.EncodeToString([]byte(epcisTokenV1 + strconv.FormatInt(c.seq, 10)))
	}
	dir := "A"
	if c.desc {
		dir = "D"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(epcisTokenV2 + tokenOrder(c.orderBy) + ":" + dir + ":" +
		strconv.Itoa(c.remaining) + ":" + strconv.FormatInt(c.seq, 10) + ":" + c.key))
}

func parseEPCISToken(tok string) (epcisCursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return epcisCursor{}, false
	}
	if rest, ok := strings.CutPrefix(string(b), epcisTokenV1); ok {
		seq, err := strconv.ParseInt(rest, 10, 64)
		return epcisCursor{seq: seq}, err == nil && seq > 0
	}
	rest, ok := strings.CutPrefix(string(b), epcisTokenV2)
	if !ok {
		return epcisCursor{}, false
	}
	parts := strings.SplitN(rest, ":", 5)
	if len(parts) != 5 || (parts[1] != "A" && parts[1] != "D") {
		return epcisCursor{}, false
	}
	c := epcisCursor{orderBy: parts[0], desc: parts[1] == "D", key: parts[4]}
	if field, ok := strings.CutPrefix(parts[0], tokenFieldPrefix); ok {
		name, err := base64.RawURLEncoding.DecodeString(field)
		if err != nil || !orderableField(string(name)) {
			return epcisCursor{}, false
		}
		c.orderBy = string(name)
	} else if c.orderBy != "" && c.orderBy != "eventTime" && c.orderBy != "recordTime" {
		return epcisCursor{}, false
	}
	if c.remaining, err = strconv.Atoi(parts[2]); err != nil || c.remaining < 0 {
		return epcisCursor{}, false
	}
	if c.seq, err = strconv.ParseInt(parts[3], 10, 64); err != nil || c.seq <= 0 {
		return epcisCursor{}, false
	}
	return c, true
}

// A token names a field it orders by in base64 after this prefix, so that
// the field's colons do not end the token's part.
const tokenFieldPrefix = "f."

func tokenOrder(orderBy string) string {
	if orderBy == "" || orderBy == "eventTime" || orderBy == "recordTime" {
		return orderBy
	}
	return tokenFieldPrefix + base64.RawURLEncoding.EncodeToString([]byte(orderBy))
}

// after adds the condition "after the cursor, in the query's order".
func (f *epcisFilter) after(c epcisCursor, ctl epcisControls) {
	switch {
	case c.seq == 0:
	case ctl.orderBy == "":
		f.add("x.seq > ?", c.seq)
	default:
		cmp, seqCmp := " > ", " > ?"
		if ctl.desc {
			cmp, seqCmp = " < ", " < ?"
		}
		mark, key := ctl.keyArg(c.key)
		col := ctl.orderColumn()
		f.add("("+col+cmp+mark+" OR ("+col+" = "+mark+" AND x.seq"+seqCmp+"))", key, key, c.seq)
	}
}

// tooMany reports whether more than ctl.maxCount events match f.
func (s *Store) tooMany(ctx context.Context, f *epcisFilter, ctl epcisControls) (bool, error) {
	if ctl.maxCount < 0 {
		return false, nil
	}
	var n int
	args := append(append([]any(nil), f.args...), ctl.maxCount+1)
	err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM epcis_events x JOIN events e ON e.seq = x.seq`+
		f.sql()+` LIMIT $`+strconv.Itoa(len(args))+`) AS m`, args...).Scan(&n)
	return n > ctl.maxCount, err
}
