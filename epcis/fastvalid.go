package epcis

// The fast path of Validate.
//
// The schema library decodes a document into maps and walks the compiled
// schema over it, with an allOf of if/then branches for every event: about
// 900 allocations and 80-100 µs an event. Most documents are valid, and for
// them that work only confirms it. fastValid checks the same rules in one
// pass over the bytes, each event against the definition of its own type,
// without building the document.
//
// It errs on one side only. True means the schema accepts the document.
// False means only "not proved": the document may be invalid, or use
// something the fast path does not handle, and the library decides and
// names the problems, so that users see the library's messages exactly as
// before. What the fast path does not handle therefore costs time, never
// a wrong verdict:
//   - property names with escapes;
//   - URIs outside a plain subset (see isURI): no user info, IP literals,
//     escapes in the host, spaces, non-ASCII, or "%" without two hex
//     digits (which net/url lets through in URNs);
//   - date-times with a leap second;
//   - nesting deeper than maxFastDepth.
//
// The rules are written from schema/EPCIS-JSON-Schema.json, definition by
// definition (fastvalid_parts.go, fastvalid_documents.go, and for the event
// types fastvalid_rules.go). The tests compare the verdicts with the
// library's on every test document, on thousands of mutations of the valid
// ones, and under fuzzing (fastvalid_test.go, fastvalid_fuzz_test.go); each
// format and pattern check with the library's on the schema's own
// definitions (fastvalid_formats_test.go); and the tables with the
// schema's lists of names and terms (fastvalid_schema_test.go).

// fastValid reports whether doc is certainly valid EPCIS 2.0 JSON: an
// EPCISDocument, an EPCISQueryDocument or a single event.
func fastValid(doc []byte) bool {
	s := scanner{b: doc}
	typ, ok := s.rootType()
	if !ok {
		return false
	}
	s.i = 0
	switch string(typ) {
	case "EPCISDocument":
		_, ok = s.read(epcisDocumentSchema)
	case "EPCISQueryDocument":
		_, ok = s.read(epcisQueryDocumentSchema)
	default:
		ok = s.event(true) // an event as a document: required-ld-context
	}
	return ok && s.end()
}

// rootType finds the document's "type", which selects the rules for the
// whole of it. It is usually among the first members; the ones before it
// are skipped here and read properly afterwards.
func (s *scanner) rootType() ([]byte, bool) {
	if !s.eat('{') {
		return nil, false
	}
	for {
		key, _, ok := s.str()
		if !ok || !s.eat(':') {
			return nil, false
		}
		if string(key) == "type" {
			return s.text()
		}
		if !s.skip() || !s.eat(',') {
			return nil, false
		}
	}
}
