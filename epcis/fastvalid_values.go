package epcis

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// matches reads a string that accept accepts.
func (s *scanner) matches(accept func([]byte) bool) bool {
	t, ok := s.text()
	return ok && accept(t)
}

// uri reads a string in the "uri" format.
func (s *scanner) uri() bool { return s.matches(isURI) }

// dateTime reads a string in the "date-time" format.
func (s *scanner) dateTime() bool { return s.matches(isDateTime) }

// anyString reads a string of any content ("type": "string").
func (s *scanner) anyString() bool {
	_, _, ok := s.str()
	return ok
}

// boolean reads true or false.
func (s *scanner) boolean() bool { return s.literal("true") || s.literal("false") }

// term reads a value of the vocabulary v.
func (s *scanner) term(v termsOrURI) bool {
	t, ok := s.text()
	return ok && v.accepts(t)
}

// equals reads a string that must be want (a one-value enum).
func (s *scanner) equals(want string) bool {
	t, ok := s.text()
	return ok && string(t) == want
}

// uriArray reads an array of URIs.
func (s *scanner) uriArray() bool {
	_, ok := s.array(s.uri)
	return ok
}

// distinctStrings reads an array of strings that accept accepts, and
// reports whether no two are equal (uniqueItems). The strings were
// accepted as URIs or vocabulary terms, so they are ASCII and equal
// exactly when the library's decoded strings are.
func (s *scanner) distinctStrings(accept func([]byte) bool) (n int, distinct, ok bool) {
	s.seen = s.seen[:0]
	n, ok = s.array(func() bool {
		t, read := s.text()
		s.seen = append(s.seen, t)
		return read && accept(t)
	})
	return n, ok && allDistinct(s.seen), ok
}

// allDistinct reports whether no two strings of list are equal. Short
// lists, the usual case, are compared pairwise without allocating.
func allDistinct(list [][]byte) bool {
	if len(list) > 32 {
		set := make(map[string]bool, len(list))
		for _, b := range list {
			if set[string(b)] {
				return false
			}
			set[string(b)] = true
		}
		return true
	}
	for i := range list {
		for j := range i {
			if bytes.Equal(list[i], list[j]) {
				return false
			}
		}
	}
	return true
}

// context reads an @context: a URI, an object, or an array of distinct
// URIs and objects.
func (s *scanner) context() bool {
	switch s.peek() {
	case '"':
		return s.uri()
	case '{':
		return s.skip()
	case '[':
		return s.contextList()
	}
	return false
}

// contextList reads the array form of @context. Its uniqueItems applies to
// the objects in it too, which are compared as the library compares them.
func (s *scanner) contextList() bool {
	var uris, objects [][]byte
	_, ok := s.array(func() bool {
		if s.peek() == '{' {
			start := s.i
			ok := s.skip()
			objects = append(objects, s.b[start:s.i])
			return ok
		}
		t, ok := s.text()
		uris = append(uris, t)
		return ok && isURI(t)
	})
	return ok && allDistinct(uris) && distinctObjects(objects)
}

// distinctObjects reports whether no two of the raw JSON objects are equal
// by the library's rule. They are decoded as the library decodes them; it
// happens once a document, for the few objects of its @context.
func distinctObjects(raw [][]byte) bool {
	values := make([]any, len(raw))
	for i, r := range raw {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r))
		if err != nil {
			return false
		}
		values[i] = v
	}
	for i := range values {
		for j := range i {
			if mayEqualJSON(values[i], values[j]) {
				return false
			}
		}
	}
	return true
}

// mayEqualJSON is the library's equality of JSON values (uniqueItems, enum)
// with one difference, on the safe side: numbers it does not compare
// exactly count as possibly equal.
func mayEqualJSON(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, va := range a {
			if vb, ok := b[k]; !ok || !mayEqualJSON(va, vb) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !mayEqualJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case json.Number:
		b, ok := b.(json.Number)
		return ok && mayEqualNumber(a, b)
	}
	return a == b // string, bool or nil: comparable, and unequal to any other type
}

// mayEqualNumber compares numbers as exact rationals, as the library does.
// Exponents are not expanded (1e999999999 is costly to hold exactly):
// numbers with one count as possibly equal.
func mayEqualNumber(a, b json.Number) bool {
	if a == b || strings.ContainsAny(string(a)+string(b), "eE") {
		return true
	}
	x, okX := new(big.Rat).SetString(string(a))
	y, okY := new(big.Rat).SetString(string(b))
	return !okX || !okY || x.Cmp(y) == 0
}
