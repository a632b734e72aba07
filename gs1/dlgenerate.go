package gs1

import "strings"

// CanonicalStem is the domain of canonical GS1 Digital Link URIs.
const CanonicalStem = "https://id.gs1.org"

// DigitalLink returns the GS1 Digital Link URI for the data, on stem (e.g.
// "https://example.com/products"; "" means CanonicalStem). The first primary-key AI goes in
// the path with as many of its key qualifiers as the data holds (in dictionary order); every
// other AI becomes a query attribute, fixed-length AIs first, each in data order. Data that
// came from a Digital Link URI keeps its path. It fails when there is no primary key or an
// AI may not be a data attribute (e.g. (8200) or (21) without its key).
func (r *Result) DigitalLink(stem string, opts Options) (string, error) {
	path := r.Elements[:r.dlPath]
	if r.dlPath == 0 {
		var err *Error
		if path, err = choosePath(r.Elements); err != nil {
			return "", err
		}
	}
	if stem == "" {
		stem = CanonicalStem
	}
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(stem, "/"))
	for _, e := range path {
		b.WriteString("/" + e.AI + "/" + escape(e.Value, false))
	}
	if err := writeAttributes(&b, r.Elements, path, opts); err != nil {
		return "", err
	}
	return b.String(), nil
}

// choosePath picks the first primary key and the longest qualifier sequence present.
func choosePath(elems []Element) ([]Element, *Error) {
	k := -1
	for i, e := range elems {
		if e.definition().DLPrimaryKey {
			k = i
			break
		}
	}
	if k < 0 {
		return nil, errorf(CodeNoPrimaryKey, "", -1, "a Digital Link URI needs a primary key such as (01) or (00)")
	}
	var best []Element
	for _, alt := range elems[k].definition().DLQualifiers {
		var seq []Element
		for _, q := range alt {
			if i := indexAI(elems, q); i >= 0 {
				seq = append(seq, elems[i])
			}
		}
		if len(seq) > len(best) {
			best = seq
		}
	}
	return append([]Element{elems[k]}, best...), nil
}

func indexAI(elems []Element, ai string) int {
	for i, e := range elems {
		if e.AI == ai {
			return i
		}
	}
	return -1
}

// writeAttributes appends the query string: AIs not in the path, each once, fixed-length
// AIs before variable-length ones.
func writeAttributes(b *strings.Builder, elems, path []Element, opts Options) *Error {
	sep := byte('?')
	done := make(map[string]bool, len(elems))
	for _, e := range path {
		done[e.AI] = true
	}
	for _, fixed := range [...]bool{true, false} {
		for _, e := range elems {
			if done[e.AI] || e.definition().FNC1 == fixed {
				continue
			}
			if !isDLAttribute(e, opts) {
				return errorf(CodeNotDataAttribute, e.AI, -1, "AI (%s) may not be a Digital Link data attribute", e.AI)
			}
			done[e.AI] = true
			b.WriteByte(sep)
			b.WriteString(e.AI + "=" + escape(e.Value, true))
			sep = '&'
		}
	}
	return nil
}
