package epcis

import (
	"unicode/utf8"
)

// writer appends JSON to a byte slice. It exists because EncodeEvent runs
// once for every event the ledger records: building the document with
// appends into one pre-sized buffer costs a single allocation, where a
// map or struct tree through encoding/json costs dozens. Keys are always
// written in a fixed order, so the output is deterministic byte for byte.
type writer struct {
	b []byte
}

// sep writes the comma that separates a value from the one before it. An
// opening brace, bracket or a key's colon needs none.
func (w *writer) sep() {
	if n := len(w.b); n > 0 {
		switch w.b[n-1] {
		case '{', '[', ':':
		default:
			w.b = append(w.b, ',')
		}
	}
}

// key writes a (trusted, plain ASCII) object key and its colon.
func (w *writer) key(k string) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

// open starts an object or array value.
func (w *writer) open(c byte) {
	w.sep()
	w.b = append(w.b, c)
}

// close ends an object or array value.
func (w *writer) close(c byte) { w.b = append(w.b, c) }

// str writes s as a JSON string, escaping what JSON requires.
func (w *writer) str(s string) {
	w.sep()
	w.b = appendString(w.b, s)
}

// field writes "k": "v".
func (w *writer) field(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
}

// fieldIf writes "k": "v" unless v is empty.
func (w *writer) fieldIf(k, v string) {
	if v != "" {
		w.field(k, v)
	}
}

// raw writes trusted JSON text as a value.
func (w *writer) raw(s string) {
	w.sep()
	w.b = append(w.b, s...)
}

const hexDigits = "0123456789ABCDEF"

// appendString appends s as a quoted JSON string. Invalid UTF-8 becomes
// U+FFFD, and U+2028/U+2029 are escaped, as encoding/json does, so that the
// output is the same whichever encoder a reader compares it with.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			b = appendEscapedByte(b, c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, `\u202`...)
				b = append(b, hexDigits[r&0xF])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendEscapedByte escapes one ASCII byte that JSON does not allow bare.
func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	}
	const lower = "0123456789abcdef" // as encoding/json writes \u escapes
	return append(b, '\\', 'u', '0', '0', lower[c>>4], lower[c&0xF])
}
