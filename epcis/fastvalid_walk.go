package epcis

// object reads an object, calling member for each key with the scanner
// placed before the value, which member must consume. Keys with escapes
// stop the fast path: it matches property names byte for byte, and
// "\u0061ction" is "action" to the library.
func (s *scanner) object(member func(key []byte) bool) bool {
	return s.members(false, member)
}

// members reads an object; anyKey lets escaped keys through, for values
// the schema does not look into.
func (s *scanner) members(anyKey bool, member func(key []byte) bool) bool {
	if !s.eat('{') {
		return false
	}
	s.depth++
	ok := s.depth <= maxFastDepth && (s.eat('}') || s.memberList(anyKey, member))
	s.depth--
	return ok
}

func (s *scanner) memberList(anyKey bool, member func(key []byte) bool) bool {
	for {
		key, esc, ok := s.str()
		if !ok || (esc && !anyKey) || !s.eat(':') || !member(key) {
			return false
		}
		if !s.eat(',') {
			return s.eat('}')
		}
	}
}

// array reads an array, calling item to consume each element, and returns
// how many elements there were.
func (s *scanner) array(item func() bool) (n int, ok bool) {
	if !s.eat('[') {
		return 0, false
	}
	s.depth++
	if s.depth <= maxFastDepth {
		n, ok = s.elements(item)
	}
	s.depth--
	return n, ok
}

func (s *scanner) elements(item func() bool) (int, bool) {
	if s.eat(']') {
		return 0, true
	}
	for n := 1; ; n++ {
		if !item() {
			return n, false
		}
		if !s.eat(',') {
			return n, s.eat(']')
		}
	}
}

// skip reads any JSON value, for places where the schema allows anything.
func (s *scanner) skip() bool {
	switch s.peek() {
	case '{':
		return s.members(true, s.skipMember)
	case '[':
		_, ok := s.array(s.skip)
		return ok
	case '"':
		_, _, ok := s.str()
		return ok
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	}
	return s.number()
}

func (s *scanner) skipMember([]byte) bool { return s.skip() }

// extension reads the value of a property that the schema allows only
// under a URI name (propertyNames: vocab-uri), and does not constrain.
func (s *scanner) extension(key []byte) bool {
	return isURI(key) && s.skip()
}

// props records which properties of an object have been read, one bit
// each. A property given twice is checked both times: encoding/json keeps
// the last value for the library, and if every value passes, so does the
// last.
type props uint32

// has reports whether every property of bits was read.
func (p props) has(bits props) bool { return p&bits == bits }
