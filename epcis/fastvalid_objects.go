package epcis

// objectSchema is the schema of one kind of JSON object, written the way
// the EPCIS schema writes it: named properties with the check of each
// value, the names that are required, and what other names may be.
type objectSchema struct {
	names    map[string]int
	checks   []func(*scanner) bool
	required props
	others   otherNames
}

// property is one named property of an objectSchema.
type property struct {
	name  string
	check func(*scanner) bool
}

// otherNames is what an objectSchema allows besides its properties.
type otherNames uint8

const (
	// anyNamed is an object with no rule on other names.
	anyNamed otherNames = iota
	// uriNamed is "propertyNames": anyOf [the listed names, vocab-uri]:
	// extensions under URI names, with any value.
	uriNamed
	// closed is "additionalProperties": false.
	closed
)

// other reads the value of a property that o does not list.
func (s *scanner) other(o otherNames, key []byte) bool {
	switch o {
	case anyNamed:
		return s.skip()
	case uriNamed:
		return s.extension(key)
	}
	return false
}

// newObjectSchema builds an objectSchema. It panics on a mistake in the
// tables, which any test then shows: more properties than props has bits,
// or a required name that is not a property.
func newObjectSchema(others otherNames, required []string, properties ...property) *objectSchema {
	if len(properties) > 32 {
		panic("epcis: fast path: more than 32 properties in an object schema")
	}
	o := &objectSchema{names: make(map[string]int, len(properties)), others: others}
	for i, p := range properties {
		o.names[p.name] = i
		o.checks = append(o.checks, p.check)
	}
	for _, name := range required {
		i, ok := o.names[name]
		if !ok {
			panic("epcis: fast path: required property " + name + " is not a property")
		}
		o.required |= 1 << i
	}
	return o
}

// read reads an object of schema o and returns the properties it had.
func (s *scanner) read(o *objectSchema) (props, bool) {
	var seen props
	ok := s.object(func(key []byte) bool {
		i, known := o.names[string(key)]
		if !known {
			return s.other(o.others, key)
		}
		seen |= 1 << i
		return o.checks[i](s)
	})
	return seen, ok && seen.has(o.required)
}

// is returns the check of a value that must be an object of schema o.
func is(o *objectSchema) func(*scanner) bool {
	return func(s *scanner) bool {
		_, ok := s.read(o)
		return ok
	}
}

// listOf returns the check of an array of at least least items.
func listOf(least int, item func(*scanner) bool) func(*scanner) bool {
	return func(s *scanner) bool {
		n, ok := s.array(func() bool { return item(s) })
		return ok && n >= least
	}
}

// matching returns the check of a string that accept accepts.
func matching(accept func([]byte) bool) func(*scanner) bool {
	return func(s *scanner) bool { return s.matches(accept) }
}

// termOf returns the check of a term of the vocabulary v.
func termOf(v termsOrURI) func(*scanner) bool {
	return func(s *scanner) bool { return s.term(v) }
}

// Checks of the schema's simple definitions: uri (and id, eventID), time,
// decimal and string.
var (
	uriValue     = (*scanner).uri
	timeValue    = (*scanner).dateTime
	decimalValue = (*scanner).number
	stringValue  = (*scanner).anyString
)
