package lotledger

import (
	"strings"
	"time"
)

// Date is a calendar date written "2006-01-02" (production, expiry). Its
// string form sorts in date order, which the stores rely on.
type Date string

// DateLayout is the layout of a Date.
const DateLayout = "2006-01-02"

// ParseDate checks s and returns it as a Date; "" stays empty.
func ParseDate(field, s string) (Date, error) {
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse(DateLayout, s); err != nil {
		return "", Errorf(EINVALID, field, "%q is not a date (want YYYY-MM-DD)", s)
	}
	return Date(s), nil
}

// DateOf returns the calendar date of t in UTC.
func DateOf(t time.Time) Date { return Date(t.UTC().Format(DateLayout)) }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date {
	t, err := time.Parse(DateLayout, string(d))
	if err != nil {
		return d
	}
	return Date(t.AddDate(0, 0, n).Format(DateLayout))
}

// Before reports whether d is an earlier date than e; empty dates are never before.
func (d Date) Before(e Date) bool { return d != "" && e != "" && d < e }

// ParseTime parses an event time: RFC 3339 with an explicit zone. A timestamp
// without a zone is rejected because the ledger cannot know what it meant.
// The result keeps the zone offset; the store keeps UTC and the offset.
func ParseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		msg := "%q is not an RFC 3339 time, such as 2026-03-01T10:00:00Z"
		if len(s) > 10 && s[4] == '-' && s[7] == '-' && !strings.ContainsAny(s[10:], "Zz+-") {
			msg = "%q has no time zone; write it as RFC 3339 with Z or an offset such as +02:00"
		}
		return time.Time{}, Errorf(EINVALID, field, msg, s)
	}
	return t, nil
}
