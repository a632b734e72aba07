package epcis

import (
	"bytes"
	"encoding/json"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// mutations returns variants of doc, each changed in one place: every
// property deleted in turn, every value replaced (see replacements), every
// list emptied and given its first item twice, and every object given an
// unknown plain property and an unknown namespaced one.
func mutations(t *testing.T, doc []byte) [][]byte {
	t.Helper()
	root, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	m := &mutator{t: t, root: root}
	m.walk(root, func(v any) { m.root = v })
	return m.out
}

// mutator changes a decoded document in place, writes out each variant,
// and puts the document back.
type mutator struct {
	t    *testing.T
	root any
	out  [][]byte
}

func (m *mutator) emit() {
	b, err := json.Marshal(m.root)
	if err != nil {
		m.t.Fatal(err)
	}
	m.out = append(m.out, b)
}

// walk emits the variants of v, which set puts in its place, and of
// everything inside v.
func (m *mutator) walk(v any, set func(any)) {
	for _, r := range replacements(v) {
		set(r)
		m.emit()
	}
	set(v)
	switch v := v.(type) {
	case map[string]any:
		m.walkObject(v)
	case []any:
		m.walkArray(v, set)
	}
}

func (m *mutator) walkObject(o map[string]any) {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		val := o[k]
		delete(o, k)
		m.emit()
		o[k] = val
		m.walk(val, func(x any) { o[k] = x })
	}
	for _, k := range []string{"bogus", "example:bogus"} {
		if _, ok := o[k]; !ok {
			o[k] = json.Number("1")
			m.emit()
			delete(o, k)
		}
	}
}

func (m *mutator) walkArray(a []any, set func(any)) {
	for i := range a {
		m.walk(a[i], func(x any) { a[i] = x })
	}
	if len(a) > 0 {
		set(append(a[:len(a):len(a)], a[0]))
		m.emit()
		set(a)
	}
}

// replacements are the values put in place of v: values of other types,
// and for strings, values outside the schema's enums, formats and patterns
// (a word, a CBV URN, the string cut short). The formats and patterns are
// probed one by one, far more thoroughly, by
// TestFastFormats_AcceptOnlyWhatTheLibraryAccepts.
func replacements(v any) []any {
	switch v := v.(type) {
	case string:
		out := []any{json.Number("1"), "BOGUS", "urn:epcglobal:cbv:bizstep:receiving"}
		if len(v) > 1 {
			out = append(out, v[:len(v)-1])
		}
		return out
	case json.Number:
		return []any{string(v), nil}
	case bool:
		return []any{"true"}
	case nil:
		return []any{false}
	case map[string]any:
		return []any{"x", []any{}, map[string]any{}}
	case []any:
		return []any{"x", map[string]any{}, []any{}}
	}
	return nil
}
