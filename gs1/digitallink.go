package gs1

import "strings"

// hasDLScheme reports whether s starts with http:// or https:// in all-lower or all-upper
// case; mixed-case schemes are not GS1 Digital Link URIs.
func hasDLScheme(s string) bool {
	_, ok := afterScheme(s)
	return ok
}

func afterScheme(s string) (string, bool) {
	for _, p := range [...]string{"https://", "http://", "HTTPS://", "HTTP://"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest, true
		}
	}
	return "", false
}

// dlURI is a Digital Link URI split into its parts.
type dlURI struct {
	domain, path, query string
	pathOffset          int
}

// splitDL checks the URI's characters and splits off domain, path and query; the fragment
// is dropped.
func splitDL(uri string) (dlURI, *Error) {
	rest, ok := afterScheme(uri)
	if !ok {
		return dlURI{}, errorf(CodeNotDLURI, "", 0, "a Digital Link URI starts with http:// or https://")
	}
	if i := indexNotIn(uri, uriChars); i >= 0 {
		return dlURI{}, errorf(CodeURIIllegalChars, "", i, "the URI contains an illegal character %q", uri[i])
	}
	schemeLen := len(uri) - len(rest)
	rest, _, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	slash := strings.IndexByte(rest, '/')
	if slash <= 0 {
		return dlURI{}, errorf(CodeMissingDomainOrPath, "", schemeLen, "the URI has no domain or no path")
	}
	domain := rest[:slash]
	if i := indexNotIn(domain, domainChars); i >= 0 {
		return dlURI{}, errorf(CodeDomainIllegalChars, "", schemeLen+i, "the domain contains an illegal character %q", domain[i])
	}
	return dlURI{domain: domain, path: rest[slash:], query: query, pathOffset: schemeLen + slash}, nil
}

const (
	uriChars    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
	domainChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:[]"
)

// ParseDigitalLink parses a GS1 Digital Link URI on any domain:
// https://{domain}[/{custom path}]/{key AI}/{key}[/{qualifier AI}/{value}...][?{AI}={value}&...].
// The right-most primary key in the path is taken; its qualifiers must follow in the order
// the dictionary gives. Query parameters with numeric names are AI data attributes, others
// are returned in IgnoredQueryParams. The fragment is ignored.
func ParseDigitalLink(uri string, opts Options) (*Result, error) {
	u, serr := splitDL(uri)
	if serr != nil {
		return nil, serr
	}
	path, err := dlPathElements(u, opts)
	if err != nil {
		return nil, err
	}
	attrs, ignored, err := dlQueryElements(u.query, opts)
	if err != nil {
		return nil, err
	}
	if err := checkAttributes(path, attrs, opts); err != nil {
		return nil, err
	}
	r := &Result{Elements: append(path, attrs...), URI: uri, IgnoredQueryParams: ignored, dlPath: len(path)}
	if err := checkDLValues(r.Elements); err != nil {
		return nil, err
	}
	return finish(r, opts)
}

// dlPathElements finds the primary key and its qualifiers in the path: it walks /AI/value
// pairs from the right while the AI is known, stopping at the first primary key.
func dlPathElements(u dlURI, opts Options) ([]Element, error) {
	segs := strings.Split(u.path[1:], "/")
	key := -1
	for i := len(segs); i >= 2; i -= 2 {
		def := lookupAI(segs[i-2])
		if def == nil {
			break
		}
		if segs[i-1] == "" {
			return nil, errorf(CodeEmptyPathValue, segs[i-2], u.pathOffset, "AI (%s) has an empty value in the path", segs[i-2])
		}
		if def.DLPrimaryKey {
			key = i - 2
			break
		}
	}
	if key < 0 {
		return nil, errorf(CodeNoDLKeys, "", u.pathOffset, "the path holds no GS1 primary key")
	}
	elems := make([]Element, 0, 4)
	for i := key; i < len(segs); i += 2 {
		e, err := dlElement(segs[i], unescape(segs[i+1], false), false, opts)
		if err != nil {
			return nil, err.at(u.pathOffset)
		}
		elems = append(elems, e)
	}
	if !validQualifiers(elems[0].def, elems[1:]) {
		return nil, errorf(CodeBadQualifierSequence, elems[0].AI, u.pathOffset, "the path AIs are not a valid key-qualifier sequence for AI (%s)", elems[0].AI)
	}
	return elems, nil
}

// dlElement builds an element from a decoded Digital Link value.
func dlElement(ai, v string, query bool, opts Options) (Element, *Error) {
	def, err := resolveAI(ai, opts, -1)
	if err != nil {
		return Element{}, err
	}
	if strings.IndexByte(v, 0) >= 0 {
		code := CodeIllegalNullPath
		if query {
			code = CodeIllegalNullQuery
		}
		return Element{}, errorf(code, ai, -1, "the decoded value of AI (%s) contains a NUL character", ai)
	}
	if ai == "01" && opts.ZeroSuppressedGTIN && allDigits(v) && (len(v) == 8 || len(v) == 12 || len(v) == 13) {
		v = "000000"[:14-len(v)] + v
	}
	return Element{AI: ai, Value: v, def: def}, nil
}

// validQualifiers reports whether quals (in path order) is an ordered selection from one
// of the key's alternative qualifier sequences.
func validQualifiers(key *AIDef, quals []Element) bool {
	if len(quals) == 0 {
		return true
	}
	for _, alt := range key.DLQualifiers {
		i := 0
		for _, q := range alt {
			if i < len(quals) && quals[i].AI == q {
				i++
			}
		}
		if i == len(quals) {
			return true
		}
	}
	return false
}

// dlQueryElements reads AI attributes from the query; other parameters are ignored.
func dlQueryElements(query string, opts Options) ([]Element, []string, error) {
	var attrs []Element
	var ignored []string
	for _, p := range strings.Split(query, "&") {
		k, v, hasValue := strings.Cut(p, "=")
		switch {
		case p == "":
			continue
		case !hasValue || !allDigits(k):
			ignored = append(ignored, p)
			continue
		case lookupAI(k) == nil && !opts.PermitUnknownAIs:
			return nil, nil, errorf(CodeUnknownQueryAI, k, -1, "query parameter %q is not a known AI", k)
		case v == "":
			return nil, nil, errorf(CodeEmptyQueryValue, k, -1, "AI (%s) has an empty value in the query", k)
		}
		e, err := dlElement(k, unescape(v, true), true, opts)
		if err != nil {
			return nil, nil, err
		}
		attrs = append(attrs, e)
	}
	return attrs, ignored, nil
}

// checkAttributes enforces the rules for query attributes: each must be allowed as a data
// attribute, may not be a qualifier that belongs in the path, and no AI may appear twice.
func checkAttributes(path, attrs []Element, opts Options) *Error {
	for _, a := range attrs {
		if !isDLAttribute(a, opts) {
			return errorf(CodeNotDataAttribute, a.AI, -1, "AI (%s) may not be a Digital Link data attribute", a.AI)
		}
		if belongsInPath(path, a) {
			return errorf(CodeShouldBeInPath, a.AI, -1, "AI (%s) is a key qualifier and belongs in the path", a.AI)
		}
	}
	all := append(append([]Element(nil), path...), attrs...)
	for i := range all {
		if seenBefore(all, i) {
			return errorf(CodeDuplicateAI, all[i].AI, -1, "AI (%s) appears more than once", all[i].AI)
		}
	}
	return nil
}

func isDLAttribute(e Element, opts Options) bool {
	if e.def == &unknownAI || lookupAI(e.AI) == nil {
		return opts.UnknownAIsAsDLAttributes
	}
	return e.definition().DLAttr
}

// belongsInPath reports whether inserting a after the key at some position of the path
// still gives a valid key-qualifier sequence.
func belongsInPath(path []Element, a Element) bool {
	for j := 1; j <= len(path); j++ {
		seq := append(append(append([]Element(nil), path[1:j]...), a), path[j:]...)
		if validQualifiers(path[0].def, seq) {
			return true
		}
	}
	return false
}

// checkDLValues applies length, format and linters to every value.
func checkDLValues(elems []Element) *Error {
	for _, e := range elems {
		def := e.definition()
		if err := checkLength(def, e.AI, e.Value, false); err != nil {
			return err
		}
		if err := checkValue(def, e.AI, e.Value); err != nil {
			return err
		}
	}
	return nil
}
