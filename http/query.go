package http

import (
	"net/url"
	"strconv"

	"lotledger"
)

// pageRequest reads limit and page_token. A limit must be a positive
// integer; the store caps it at lotledger.MaxPageLimit.
func pageRequest(q url.Values) (lotledger.PageRequest, error) {
	p := lotledger.PageRequest{Token: q.Get("page_token")}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, lotledger.Errorf(lotledger.EINVALID, "limit", "limit must be a positive integer, not %q", s)
		}
		p.Limit = n
	}
	return p, nil
}

// statusParam reads an optional lot status.
func statusParam(q url.Values) (string, error) {
	s := q.Get("status")
	if s != "" && !lotledger.ValidStatus(s) {
		return "", lotledger.Errorf(lotledger.EINVALID, "status",
			"status %q is not a lot status (released, quarantine, hold, recalled, expired, destroyed)", s)
	}
	return s, nil
}

// eventKinds are the kinds an events query may filter on.
var eventKinds = []string{
	lotledger.KindReceive, lotledger.KindShip, lotledger.KindTransfer, lotledger.KindArrive,
	lotledger.KindProduce, lotledger.KindAdjust, lotledger.KindDispose, lotledger.KindReturn, lotledger.KindStatus,
}

// kindParam reads an optional event kind.
func kindParam(q url.Values) (string, error) {
	k := q.Get("kind")
	if k == "" {
		return "", nil
	}
	for _, known := range eventKinds {
		if k == known {
			return k, nil
		}
	}
	return "", lotledger.Errorf(lotledger.EINVALID, "kind", "kind %q is not an event kind", k)
}

// afterSeqParam reads an optional non-negative after_seq.
func afterSeqParam(q url.Values) (int64, error) {
	s := q.Get("after_seq")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, lotledger.Errorf(lotledger.EINVALID, "after_seq", "after_seq must be a non-negative integer, not %q", s)
	}
	return n, nil
}
