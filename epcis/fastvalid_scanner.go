package epcis

import "encoding/json"

// maxFastDepth bounds the nesting the fast path follows. encoding/json
// allows 10,000 levels; deeper than this the fast path gives up and the
// library decides, so the limit only guards the stack, never the verdict.
const maxFastDepth = 512

// scanner walks a JSON text once, checking its syntax and, through the
// schema's rules, its values as it goes. It is at least as strict as
// encoding/json (which the library decodes with): every text it accepts,
// encoding/json decodes to the values that were checked. Each method
// returns false when the text is not what the fast path can prove valid;
// the caller then stops and the library decides.
type scanner struct {
	b     []byte
	i     int
	depth int
	ev    eventFacts // the event being read; events do not nest
	seen  [][]byte   // scratch for uniqueItems, reused from list to list
}

// ws skips JSON whitespace.
func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next byte after whitespace, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// eat consumes c if it is the next byte after whitespace.
func (s *scanner) eat(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.i++
	return true
}

// end reports whether only whitespace is left, as the library requires.
func (s *scanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// str reads a string and returns its raw contents between the quotes and
// whether it holds escapes. Raw control bytes are refused, as JSON says;
// other bytes, even invalid UTF-8, are accepted as encoding/json does.
func (s *scanner) str() (raw []byte, esc, ok bool) {
	if !s.eat('"') {
		return nil, false, false
	}
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], esc, true
		case c == '\\':
			if !s.escape() {
				return nil, false, false
			}
			esc = true
		case c < 0x20:
			return nil, false, false
		default:
			s.i++
		}
	}
	return nil, false, false
}

// escape consumes one backslash escape.
func (s *scanner) escape() bool {
	if s.i+1 >= len(s.b) {
		return false
	}
	switch s.b[s.i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.i += 2
		return true
	case 'u':
		if s.i+6 > len(s.b) {
			return false
		}
		for _, h := range s.b[s.i+2 : s.i+6] {
			if !isHexDigit(h) {
				return false
			}
		}
		s.i += 6
		return true
	}
	return false
}

// text reads a string and returns its value. Escaped strings, rare in
// EPCIS, are decoded by encoding/json so that the value is exactly the
// one the library checks.
func (s *scanner) text() ([]byte, bool) {
	raw, esc, ok := s.str()
	if !ok || !esc {
		return raw, ok
	}
	var v string
	if json.Unmarshal(s.b[s.i-len(raw)-2:s.i], &v) != nil {
		return nil, false
	}
	return []byte(v), true
}

// number reads a JSON number, with the grammar of RFC 8259.
func (s *scanner) number() bool {
	s.ws()
	i := s.i
	if i < len(s.b) && s.b[i] == '-' {
		i++
	}
	switch {
	case i < len(s.b) && s.b[i] == '0':
		i++
	case i < len(s.b) && s.b[i] >= '1' && s.b[i] <= '9':
		i = s.digits(i)
	default:
		return false
	}
	if i < len(s.b) && s.b[i] == '.' {
		start := i + 1
		if i = s.digits(start); i == start {
			return false
		}
	}
	if i < len(s.b) && (s.b[i] == 'e' || s.b[i] == 'E') {
		i++
		if i < len(s.b) && (s.b[i] == '+' || s.b[i] == '-') {
			i++
		}
		start := i
		if i = s.digits(i); i == start {
			return false
		}
	}
	s.i = i
	return true
}

// digits returns the index after the run of digits starting at i.
func (s *scanner) digits(i int) int {
	for i < len(s.b) && s.b[i] >= '0' && s.b[i] <= '9' {
		i++
	}
	return i
}

// literal consumes the keyword lit (true, false or null).
func (s *scanner) literal(lit string) bool {
	s.ws()
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return false
	}
	s.i += len(lit)
	return true
}
