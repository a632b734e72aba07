package epcis

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// parseAny is decodeAny's fast path: it builds the same value that
// encoding/json builds with UseNumber (map[string]any, []any, string,
// json.Number, bool, nil), without reflection, in one pass. Anything it is
// not sure of — malformed JSON, data after the value, nesting deeper than
// encoding/json allows — makes it give up (ok false), and decodeAny then
// asks encoding/json, so errors and their messages are encoding/json's. A
// string with an escape, a control character or a byte outside ASCII is
// decoded by encoding/json too, so that invalid UTF-8 and lone surrogates
// turn into U+FFFD exactly as there. The event hash decodes every event
// this way: encoding/json took half of the hash's time.
func parseAny(b []byte) (v any, ok bool) {
	p := anyParser{b: b}
	v, ok = p.value(0)
	if !ok {
		return nil, false
	}
	p.space()
	return v, p.i == len(p.b)
}

type anyParser struct {
	b []byte
	i int
}

// maxAnyDepth is encoding/json's limit of nesting.
const maxAnyDepth = 10000

func (p *anyParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *anyParser) value(depth int) (any, bool) {
	p.space()
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, false
}

func (p *anyParser) literal(word string) bool {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

func (p *anyParser) object(depth int) (any, bool) {
	m := map[string]any{}
	ok := p.container('{', depth, true, func(name string) bool {
		v, ok := p.value(depth)
		m[name] = v // a repeated name: the last wins, as in encoding/json
		return ok
	})
	return m, ok
}

func (p *anyParser) array(depth int) (any, bool) {
	list := []any{}
	ok := p.container('[', depth, false, func(string) bool {
		v, ok := p.value(depth)
		list = append(list, v)
		return ok
	})
	return list, ok
}

// container reads an object or an array at nesting depth, calling each to
// read each member's or element's value; an object's member names are read
// (or, without names, skipped) first.
func (p *anyParser) container(open byte, depth int, names bool, each func(name string) bool) bool {
	if depth > maxAnyDepth || p.i >= len(p.b) || p.b[p.i] != open {
		return false
	}
	closing := byte(']')
	if open == '{' {
		closing = '}'
	}
	p.i++
	p.space()
	if p.i < len(p.b) && p.b[p.i] == closing {
		p.i++
		return true
	}
	for {
		name := ""
		if open == '{' {
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != '"' {
				return false
			}
			if names {
				k, ok := p.str()
				if !ok {
					return false
				}
				name = k.(string)
			} else if _, ok := p.skipString(); !ok {
				return false
			}
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return false
			}
			p.i++
		}
		if !each(name) {
			return false
		}
		p.space()
		if p.i >= len(p.b) {
			return false
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case closing:
			p.i++
			return true
		default:
			return false
		}
	}
}

// str reads a string; plain ASCII is taken as it is, anything else is
// decoded by encoding/json.
func (p *anyParser) str() (any, bool) {
	start := p.i
	plain, ok := p.skipString()
	switch {
	case !ok:
		return nil, false
	case plain:
		return string(p.b[start+1 : p.i-1]), true
	}
	var s string
	if json.Unmarshal(p.b[start:p.i], &s) != nil {
		return nil, false
	}
	return s, true
}

// skipString reads past a string and reports whether it is plain: no
// escape, no control character, nothing outside ASCII. A string that is not
// plain is checked by encoding/json.
func (p *anyParser) skipString() (plain, ok bool) {
	start := p.i
	p.i++ // "
	plain = true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return plain, plain || json.Valid(p.b[start:p.i])
		case c == '\\':
			plain = false
			p.i += 2 // the escaped byte can be '"'; encoding/json checks the escape
			continue
		case c < 0x20 || c >= utf8.RuneSelf:
			plain = false
		}
		p.i++
	}
	return false, false
}

// skip reads past one value without building it.
func (p *anyParser) skip(depth int) bool {
	p.space()
	if p.i >= len(p.b) {
		return false
	}
	switch c := p.b[p.i]; {
	case c == '{' || c == '[':
		return p.container(c, depth+1, false, func(string) bool { return p.skip(depth + 1) })
	case c == '"':
		_, ok := p.skipString()
		return ok
	case c == '-' || c >= '0' && c <= '9':
		return p.skipNumber()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	}
	return false
}

// member is one name and raw value of a JSON object.
type member struct {
	name  string
	value json.RawMessage
}

// objectMembers splits a JSON object into its members, in order, without
// decoding the values; a name repeated keeps only its last value, as
// encoding/json keeps it in a map. ok is false where b is not one JSON
// object, and the caller then asks encoding/json.
func objectMembers(b []byte) (members []member, ok bool) {
	if members, ok = allMembers(b); !ok {
		return nil, false
	}
	return lastOfEach(members), true
}

// allMembers is objectMembers keeping every member, a name repeated too.
func allMembers(b []byte) (members []member, ok bool) {
	p := anyParser{b: b}
	p.space()
	ok = p.container('{', 1, true, func(name string) bool {
		p.space()
		start := p.i
		if !p.skip(1) {
			return false
		}
		members = append(members, member{name, b[start:p.i:p.i]})
		return true
	})
	p.space()
	if !ok || p.i != len(b) {
		return nil, false
	}
	return members, true
}

// lastOfEach drops every member whose name comes again later. An event has
// a dozen members or so; past that, names are counted in a map, so that an
// event of very many members costs linear time.
func lastOfEach(members []member) []member {
	if len(members) > 16 {
		last := make(map[string]int, len(members))
		for i, m := range members {
			last[m.name] = i
		}
		out := members[:0]
		for i, m := range members {
			if last[m.name] == i {
				out = append(out, m)
			}
		}
		return out
	}
	out := members[:0]
	for i, m := range members {
		later := false
		for _, n := range members[i+1:] {
			if n.name == m.name {
				later = true
				break
			}
		}
		if !later {
			out = append(out, m)
		}
	}
	return out
}

// number reads a number by the JSON grammar and keeps its text.
func (p *anyParser) number() (any, bool) {
	start := p.i
	if !p.skipNumber() {
		return nil, false
	}
	return json.Number(p.b[start:p.i]), true
}

// skipNumber reads past a number, by the JSON grammar.
func (p *anyParser) skipNumber() bool {
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.i < len(p.b) && p.b[p.i] >= '1' && p.b[p.i] <= '9':
		p.digits()
	default:
		return false
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if !p.digits() {
			return false
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return false
		}
	}
	return true
}

// digits reads one or more digits.
func (p *anyParser) digits() bool {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i > start
}

// decodeString is json.Unmarshal(v, p) for a string, without its cost
// where v is a plain string.
func decodeString(v json.RawMessage, p *string) error {
	if s, ok := plainString(v); ok {
		*p = s
		return nil
	}
	return json.Unmarshal(v, p)
}

// plainString returns the text of v when v is one plain JSON string: no
// escape, no control character, nothing outside ASCII.
func plainString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	p := anyParser{b: v}
	if plain, ok := p.skipString(); !ok || !plain || p.i != len(v) {
		return "", false
	}
	return string(v[1 : len(v)-1]), true
}

// decodeStrings is json.Unmarshal(v, p) for a list of strings, without its
// cost where v is a list of plain strings.
func decodeStrings(v json.RawMessage, p *[]string) error {
	list, ok := plainStrings(v)
	if !ok {
		return json.Unmarshal(v, p)
	}
	*p = list
	return nil
}

func plainStrings(v []byte) ([]string, bool) {
	p := anyParser{b: v}
	p.space()
	list := []string{}
	ok := p.container('[', 1, false, func(string) bool {
		p.space()
		start := p.i
		if p.i >= len(v) || v[p.i] != '"' {
			return false
		}
		if plain, ok := p.skipString(); !ok || !plain {
			return false
		}
		list = append(list, string(v[start+1:p.i-1]))
		return true
	})
	p.space()
	if !ok || p.i != len(v) {
		return nil, false
	}
	return list, true
}

// The fast paths below decode the few small objects every event carries
// (quantity elements, business transactions, sources and destinations, a
// location's id, the lot master data) as encoding/json decodes them into
// their structs, in one pass. Where they are unsure — a value not a plain
// string, a null, a member whose name matches a field's only when case is
// ignored (encoding/json would fill the field) — they give up, and the
// encoding/json decoder answers, with its errors. TestParseAny_AsEncodingJSON
// and FuzzParseAny hold each to its encoding/json twin.

// knownMembers splits the object v into the values of the members named
// names (vals[i] for names[i], nil where absent); other members are
// skipped, as encoding/json skips them. A name repeated keeps its last
// value, as encoding/json does for a string; where once is required (a
// member decoded into a struct, which encoding/json merges), the caller
// asks for it and a repeated name makes it give up.
func knownMembers(v []byte, names []string, vals []json.RawMessage) bool {
	return membersOf(v, names, vals, false)
}

func membersOf(v []byte, names []string, vals []json.RawMessage, once bool) bool {
	members, ok := allMembers(v)
	if !ok {
		return false
	}
	if once {
		if len(lastOfEach(slices.Clone(members))) != len(members) {
			return false
		}
	} else {
		members = lastOfEach(members)
	}
	clear(vals)
	for _, m := range members {
		known := false
		for i, n := range names {
			if m.name == n {
				vals[i], known = m.value, true
				break
			}
		}
		if known {
			continue
		}
		for _, n := range names {
			if strings.EqualFold(m.name, n) {
				return false
			}
		}
	}
	return true
}

// elements calls each with the raw bytes of every element of the array v.
func elements(v []byte, each func(elem []byte) bool) bool {
	p := anyParser{b: v}
	p.space()
	ok := p.container('[', 1, false, func(string) bool {
		p.space()
		start := p.i
		return p.skip(1) && each(v[start:p.i])
	})
	p.space()
	return ok && p.i == len(v)
}

// optionalString is the plain string value of a member that may be absent.
func optionalString(v json.RawMessage) (string, bool) {
	if v == nil {
		return "", true
	}
	return plainString(v)
}

var quantityNames = []string{"epcClass", "quantity", "uom"}

// plainQuantityList is decodeQuantityListJSON's fast path.
func plainQuantityList(v []byte) ([]QuantityElement, bool) {
	list := []QuantityElement{}
	var vals [3]json.RawMessage
	ok := elements(v, func(elem []byte) bool {
		if !knownMembers(elem, quantityNames, vals[:]) {
			return false
		}
		class, ok := plainString(vals[0])
		uom, uomOK := optionalString(vals[2])
		if !ok || !uomOK {
			return false
		}
		q := QuantityElement{EPCClass: class, UOM: uom}
		if vals[1] != nil {
			if q.Quantity, ok = canonicalDecimal(string(vals[1])); !ok {
				return false
			}
		}
		list = append(list, q)
		return true
	})
	return list, ok
}

// plainTyped is the fast path of a list of {type, id} objects whose member
// names are names: names[0] the type (optional), names[id] the id
// (required), any other one optional but, as encoding/json decodes it into
// the struct too, a string where given. A plain type is a CBV term of v.
func plainTyped(list []byte, names []string, id int, v vocab) (types, ids []string, ok bool) {
	vals := make([]json.RawMessage, len(names))
	ok = elements(list, func(elem []byte) bool {
		if !knownMembers(elem, names, vals) {
			return false
		}
		for i, val := range vals {
			if _, plain := optionalString(val); !plain || i == id && val == nil {
				return false
			}
		}
		typ, _ := optionalString(vals[0])
		idText, _ := plainString(vals[id])
		types, ids = append(types, cbvTerm(v, typ)), append(ids, idText)
		return true
	})
	return types, ids, ok
}

var bizTransactionNames = []string{"type", "bizTransaction"}

// plainBizTransactions is decodeBizTransactionsJSON's fast path.
func plainBizTransactions(v []byte) ([]BizTransaction, bool) {
	types, ids, ok := plainTyped(v, bizTransactionNames, 1, vocabBTT)
	if !ok {
		return nil, false
	}
	list := make([]BizTransaction, len(ids))
	for i := range ids {
		list[i] = BizTransaction{Type: types[i], ID: ids[i]}
	}
	return list, true
}

var sourceDestNames = []string{"type", "source", "destination"}

// plainSourceDest is decodeSourceDestJSON's fast path; key is "source" or
// "destination". The other one, where an element has it, must still be a
// string, as encoding/json decodes both.
func plainSourceDest(v []byte, key string) ([]SourceDest, bool) {
	id := 1
	if key == "destination" {
		id = 2
	}
	types, ids, ok := plainTyped(v, sourceDestNames, id, vocabSDT)
	if !ok {
		return nil, false
	}
	list := make([]SourceDest, len(ids))
	for i := range ids {
		list[i] = SourceDest{Type: types[i], ID: ids[i]}
	}
	return list, true
}

// plainID is decodePlace's fast path: an object whose one member is its id,
// a string without escapes.
func plainID(v []byte) (string, bool) {
	members, ok := allMembers(v)
	if !ok || len(members) != 1 || members[0].name != "id" {
		return "", false
	}
	return plainString(members[0].value)
}

// decodeILMD is json.Unmarshal(v, p) for the lot master data, an object
// kept member by member, raw.
func decodeILMD(v json.RawMessage, p *map[string]json.RawMessage) error {
	members, ok := objectMembers(v)
	if !ok || *p != nil {
		return json.Unmarshal(v, p)
	}
	m := make(map[string]json.RawMessage, len(members))
	for _, mb := range members {
		m[mb.name] = mb.value
	}
	*p = m
	return nil
}

var envelopeNames = []string{"@context", "id", "type", "schemaVersion", "creationDate", "sender", "receiver", "instanceIdentifier", "epcisHeader", "epcisBody"}

var bodyNames = []string{"eventList", "queryResults"}

// plainEnvelope is the fast path of json.Unmarshal(data, env) for an
// EPCISDocument: one pass over the document, which encoding/json makes
// three (check, decode, copy each event). It gives up on a query document,
// on a name repeated (encoding/json merges the objects of a repeated
// epcisBody) and wherever the members above do. The events are slices of
// data, which the caller owns.
func plainEnvelope(data []byte, env *envelope) bool {
	var vals [10]json.RawMessage
	if !membersOf(data, envelopeNames, vals[:], true) {
		return false
	}
	for _, f := range [...]struct {
		i int
		p *string
	}{{1, &env.ID}, {2, &env.Type}, {4, &env.CreationDate}, {5, &env.Sender}, {6, &env.Receiver}, {7, &env.InstanceIdentifier}} {
		s, ok := optionalString(vals[f.i])
		if !ok {
			return false
		}
		*f.p = s
	}
	env.Context, env.SchemaVersion, env.Header = vals[0], vals[3], vals[8]
	if vals[9] == nil {
		return true
	}
	var body [2]json.RawMessage
	if !membersOf(vals[9], bodyNames, body[:], true) || body[1] != nil {
		return false
	}
	if body[0] == nil {
		return true
	}
	list := []json.RawMessage{}
	if !elements(body[0], func(elem []byte) bool {
		list = append(list, elem)
		return true
	}) {
		return false
	}
	env.Body.EventList = &list
	return true
}
