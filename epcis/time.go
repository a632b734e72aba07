package epcis

import (
	"fmt"
	"time"
)

// zoneOffset parses a time-zone offset as the ledger keeps it ("+02:00",
// "-05:30", "Z") and returns it in seconds and in EPCIS ±hh:mm form. An
// empty zone means UTC. The parse is by hand so that EncodeEvent allocates
// no *time.Location per event.
func zoneOffset(tz string) (int, string, error) {
	switch tz {
	case "", "Z", "z", "UTC", "+00:00", "-00:00", "+0000", "+00":
		return 0, "+00:00", nil
	}
	var h, m int
	ok := len(tz) >= 3 && (tz[0] == '+' || tz[0] == '-')
	if ok {
		h, ok = twoDigits(tz[1:3])
	}
	if rest := tz[min(3, len(tz)):]; ok && rest != "" {
		if rest[0] == ':' {
			rest = rest[1:]
		}
		m, ok = twoDigits(rest)
	}
	if !ok || m > 59 || h > 14 || h == 14 && m != 0 {
		return 0, "", fmt.Errorf("time zone %q is not an offset such as +02:00", tz)
	}
	off := h*3600 + m*60
	if tz[0] == '-' {
		off = -off
	}
	if len(tz) == 6 && tz[3] == ':' {
		return off, tz, nil // already ±hh:mm: no allocation
	}
	return off, fmt.Sprintf("%c%02d:%02d", tz[0], h, m), nil
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// appendLocalTime appends, quoted, t as wall-clock time at the offset (in
// seconds), followed by the offset ("Z" for UTC), with milliseconds
// (truncated). The layout is written by hand: time.AppendFormat parses its
// layout on every call, a noticeable share of the encoder's time.
func appendLocalTime(b []byte, t time.Time, off int, offText string) []byte {
	t = t.UTC().Add(time.Duration(off) * time.Second)
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	b = append(b, '"')
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, minute, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	b = append(b, '.')
	b = appendDigits(b, t.Nanosecond()/1e6, 3)
	if off == 0 {
		b = append(b, 'Z')
	} else {
		b = append(b, offText...)
	}
	return append(b, '"')
}

// appendDigits appends n (0 <= n < 10^width) zero-padded to width digits;
// checkTime keeps years within four digits.
func appendDigits(b []byte, n, width int) []byte {
	var buf [4]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, buf[:width]...)
}

// checkTime rejects times that RFC 3339 cannot write: a year outside
// 0001–9998 (leaving a day's margin for the zone offset). A zero time means
// the event has none.
func checkTime(field string, t time.Time) error {
	if t.IsZero() {
		return fmt.Errorf("%s is missing", field)
	}
	if y := t.UTC().Year(); y < 1 || y > 9998 {
		return fmt.Errorf("%s %s is outside the years 0001-9998", field, t.UTC().Format(time.RFC3339))
	}
	return nil
}
