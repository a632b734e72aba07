package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Normalize returns one event in a canonical form, so that two spellings of
// the same event compare equal with reflect.DeepEqual or go-cmp. contexts
// are the @context values in force around the event (a document's), in
// order; the event's own @context is applied after them. The canonical form:
//
//   - @context is dropped; property names written as CURIEs ("example:x") or
//     full IRIs are expanded to full IRIs with the prefixes in force, except
//     EPCIS's own terms, which are bare ("bizStep", not
//     "https://ref.gs1.org/epcis/bizStep");
//   - CBV values (bizStep, disposition, persistent dispositions, business
//     transaction, source and destination types, error reasons) are bare
//     terms, whether written bare, as web URIs, CURIEs or URNs; event and
//     sensor measurement types likewise;
//   - date-times (eventTime, recordTime, declarationTime, creationDate and
//     the sensor times) are UTC instants, RFC 3339 with only the fractional
//     digits needed; eventTimeZoneOffset is kept as written;
//   - numbers are json.Number in canonical decimal form (see
//     canonicalDecimal), compared exactly, never as float64.
//
// List order is kept. Normalize is not a full JSON-LD expansion: values in
// the expanded object form ({"@value": ...}) are kept as they are.
func Normalize(event json.RawMessage, contexts ...json.RawMessage) (map[string]any, error) {
	v, err := decodeAny(event)
	if err != nil {
		return nil, fmt.Errorf("normalize event: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("normalize event: not a JSON object")
	}
	prefixes := standardPrefixes()
	for _, c := range contexts {
		prefixes = addPrefixes(prefixes, c)
	}
	if own, ok := obj["@context"]; ok {
		raw, _ := json.Marshal(own)
		prefixes = addPrefixes(prefixes, raw)
	}
	n := normalizer{prefixes: prefixes}
	return n.object(obj, ""), nil
}

// decodeAny decodes JSON with numbers kept as json.Number: by parseAny, or
// by encoding/json where parseAny gives up.
func decodeAny(b []byte) (any, error) {
	if v, ok := parseAny(b); ok {
		return v, nil
	}
	return decodeAnyStd(b)
}

// decodeAnyStd is decodeAny by encoding/json alone.
func decodeAnyStd(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

// standardPrefixes returns the prefixes the EPCIS context defines (epcis,
// cbv, cbvmda, gs1, ...), read once from the embedded context file.
var standardPrefixes = func() func() map[string]string {
	once := sync.OnceValue(func() map[string]string {
		return addPrefixes(nil, ContextJSONLD())
	})
	return func() map[string]string { return copyMap(once()) }
}()

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// addPrefixes adds to m the prefix definitions of a JSON-LD @context: an
// object, an array of objects and URLs, or a wrapper {"@context": ...}.
// A prefix is a term whose value is an absolute IRI (JSON-LD 1.0 lets any
// such term prefix a compact IRI). Remote contexts (URLs) are not fetched.
func addPrefixes(m map[string]string, ctx json.RawMessage) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	var v any
	if json.Unmarshal(ctx, &v) != nil {
		return m
	}
	collectPrefixes(m, v)
	return m
}

func collectPrefixes(m map[string]string, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			collectPrefixes(m, e)
		}
	case map[string]any:
		if inner, ok := v["@context"]; ok {
			collectPrefixes(m, inner)
			return
		}
		for k, iri := range v {
			s, ok := iri.(string)
			if ok && !strings.HasPrefix(k, "@") && (strings.Contains(s, "://") || strings.HasPrefix(s, "urn:")) {
				m[k] = s
			}
		}
	}
}

// normalizer rewrites one event.
type normalizer struct{ prefixes map[string]string }

// object normalises an object found under the property parent.
func (n normalizer) object(obj map[string]any, parent string) map[string]any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if k == "@context" {
			continue
		}
		key := n.key(k)
		out[key] = n.value(v, key, parent)
	}
	return out
}

// key expands a CURIE to an IRI and an EPCIS IRI to its bare term.
func (n normalizer) key(k string) string {
	if t, ok := strings.CutPrefix(k, epcisWebPrefix); ok {
		return t
	}
	prefix, local, ok := strings.Cut(k, ":")
	if !ok || strings.HasPrefix(local, "//") {
		return k
	}
	if iri, ok := n.prefixes[prefix]; ok {
		if iri == epcisWebPrefix {
			return local
		}
		return iri + local
	}
	return k
}

// value normalises the value of property key of an object that is itself
// the value of property parent.
func (n normalizer) value(v any, key, parent string) any {
	switch v := v.(type) {
	case map[string]any:
		return n.object(v, key)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = n.value(e, key, parent)
		}
		return out
	case json.Number:
		if c, ok := canonicalDecimal(v.String()); ok {
			return json.Number(c)
		}
		return v
	case string:
		return normalString(v, key, parent)
	}
	return v
}

// timeKeys are the properties whose values are date-times.
var timeKeys = map[string]bool{
	"eventTime": true, "recordTime": true, "declarationTime": true, "creationDate": true,
	"time": true, "startTime": true, "endTime": true,
}

// normalString normalises a string by what the property means.
func normalString(s, key, parent string) string {
	if timeKeys[key] {
		return utcTime(s)
	}
	switch key {
	case "bizStep":
		return cbvTerm(vocabBizStep, s)
	case "disposition", "set", "unset":
		return cbvTerm(vocabDisposition, s)
	case "reason":
		return cbvTerm(vocabErrorReason, s)
	case "type":
		return typeTerm(s, parent)
	}
	return s
}

// typeTerm normalises a "type" value, whose vocabulary depends on where it
// is.
func typeTerm(s, parent string) string {
	switch parent {
	case "bizTransactionList":
		return cbvTerm(vocabBTT, s)
	case "sourceList", "destinationList":
		return cbvTerm(vocabSDT, s)
	case "sensorReport":
		return gs1Term(s)
	case "":
		return eventType(s)
	}
	return s
}

// gs1Term returns the bare term of a GS1 Web Vocabulary value
// ("gs1:Temperature", "https://gs1.org/voc/Temperature").
func gs1Term(s string) string {
	for _, p := range [...]string{gs1VocPrefix, "gs1:"} {
		if t, ok := strings.CutPrefix(s, p); ok && t != "" {
			return t
		}
	}
	return s
}

// utcTime rewrites a date-time as a UTC instant; text that is not a
// date-time is kept.
func utcTime(s string) string {
	t, err := parseTime(s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339Nano)
}
