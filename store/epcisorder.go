package store

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"lotledger"
)

// The query controls of an EPCIS SimpleEventQuery (EPCIS 2.0, 8.2.7.1):
// orderBy, orderDirection, eventCountLimit and maxEventCount. They say how
// the matching events are ordered and how many are answered, not which
// events match.

// epcisControls is what a query's controls ask for.
type epcisControls struct {
	orderBy    string // "", "eventTime" or "recordTime"; "" is ledger order
	desc       bool
	countLimit int // eventCountLimit: at most this many events in all; 0: no limit
	maxCount   int // maxEventCount: refuse a query matching more; -1: no limit
}

// orderColumn is the column the events are ordered by, after which the
// ledger's sequence number breaks ties.
func (c epcisControls) orderColumn() string {
	switch c.orderBy {
	case "eventTime":
		return "x.event_time"
	case "recordTime":
		return "e.recorded_at"
	}
	return "''"
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
		if orderBy != "eventTime" && orderBy != "recordTime" {
			return c, nil, lotledger.Errorf(lotledger.EINVALID, "orderBy", "orderBy %q is not eventTime or recordTime, the fields this repository orders by", orderBy)
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
	return base64.RawURLEncoding.EncodeToString([]byte(epcisTokenV2 + c.orderBy + ":" + dir + ":" +
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
	if c.remaining, err = strconv.Atoi(parts[2]); err != nil || c.remaining < 0 {
		return epcisCursor{}, false
	}
	if c.seq, err = strconv.ParseInt(parts[3], 10, 64); err != nil || c.seq <= 0 {
		return epcisCursor{}, false
	}
	return c, c.orderBy == "" || c.orderBy == "eventTime" || c.orderBy == "recordTime"
}

// after adds the condition "after the cursor, in the query's order".
func (f *epcisFilter) after(c epcisCursor, ctl epcisControls) {
	switch {
	case c.seq == 0:
	case ctl.orderBy == "":
		f.add("x.seq > ?", c.seq)
	case ctl.desc:
		f.add("("+ctl.orderColumn()+" < ? OR ("+ctl.orderColumn()+" = ? AND x.seq < ?))", c.key, c.key, c.seq)
	default:
		f.add("("+ctl.orderColumn()+" > ? OR ("+ctl.orderColumn()+" = ? AND x.seq > ?))", c.key, c.key, c.seq)
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
