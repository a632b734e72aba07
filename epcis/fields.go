package epcis

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The query parameters on fields EPCIS itself does not define (EPCIS 2.0,
// section 8.2.7.1): EQ_ILMD_cbvmda:itemExpirationDate, GT_example:temp,
// EXISTS_INNER_ILMD_example:origin, ... A repository answers them from
// IndexFields, one small JSON object per event.

// Where a field sits in an event, as the first letter of its key in
// IndexFields: a top-level extension property of a part of the event (its
// ILMD, the event itself, ...), and, in lower case, a property nested at
// any depth inside one (the INNER_ forms).
const (
	FieldILMD                  = 'I' // ilmd
	FieldInnerILMD             = 'i'
	FieldExtension             = 'E' // the event
	FieldInnerExtension        = 'e'
	FieldErrorDeclaration      = 'R' // errorDeclaration
	FieldInnerErrorDeclaration = 'r'
	FieldSensorElement         = 'S' // a sensorElement, beside its metadata and reports
	FieldInnerSensorElement    = 's'
	FieldSensorMetadata        = 'M' // a sensorElement's sensorMetadata
	FieldInnerSensorMetadata   = 'm'
	FieldSensorReport          = 'P' // a sensorReport
	FieldInnerSensorReport     = 'p'
	FieldReadPoint             = 'T' // the readPoint object, beside its id
	FieldInnerReadPoint        = 't'
	FieldBizLocation           = 'B' // the bizLocation object, beside its id
	FieldInnerBizLocation      = 'b'
)

// InnerField is the place of the properties nested inside those at place.
func InnerField(place byte) byte { return place | 0x20 }

// FieldKey is the key under which IndexFields lists the values of the field
// named iri found at place (FieldILMD, ...): the strings, numbers and
// booleans (as "true", "false") as written. With times set, the key of the
// same values that are dates or date-times, as FieldTime writes them.
func FieldKey(place byte, iri string, times bool) string {
	if times {
		return string(place) + "@|" + iri
	}
	return string(place) + "|" + iri
}

// IndexFields returns the fields of ev that are not EPCIS's own, for the
// query parameters on them: its ILMD, its extension properties, those of
// its error declaration, of its sensor elements, their metadata and
// reports, and of its readPoint and bizLocation objects, at the top level
// and nested (the INNER_ forms), under FieldKey keys; lotledger's own
// extension properties are left out (ownExtension). A property name is
// expanded to its IRI with the prefixes in force: EPCIS's own (cbvmda, gs1,
// ...), lotledger's, those of contexts (a document's) and of the event's
// own @context. A name written with a prefix lotledger does not know
// otherwise is also listed under its name as written, so that a query can
// name it the way the partner wrote it. The object's keys are sorted, so
// the same event always gives the same text; "" when there is nothing.
func IndexFields(ev *Event, contexts ...json.RawMessage) string {
	fx := indexFields(ev, contexts)
	if len(fx.fields) == 0 {
		return ""
	}
	slices.SortFunc(fx.fields, func(a, b indexedField) int { return strings.Compare(a.key, b.key) })
	b := make([]byte, 0, 64*len(fx.fields))
	b = append(b, '{')
	for i, f := range fx.fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.key)
		b = append(b, ':', '[')
		for j, v := range f.values {
			if j > 0 {
				b = append(b, ',')
			}
			if v.Number {
				b = append(b, v.Text...)
			} else {
				b = appendString(b, v.Text)
			}
		}
		b = append(b, ']')
	}
	return string(append(b, '}'))
}

// Fields are the values IndexFields lists, by key.
func Fields(ev *Event, contexts ...json.RawMessage) map[string][]FieldValue {
	fx := indexFields(ev, contexts)
	m := make(map[string][]FieldValue, len(fx.fields))
	for _, f := range fx.fields {
		m[f.key] = f.values
	}
	return m
}

func indexFields(ev *Event, contexts []json.RawMessage) fieldIndexer {
	if len(ev.ILMD) == 0 && len(ev.Extensions) == 0 && ev.ErrorDeclaration == nil && len(ev.SensorElementList) == 0 &&
		ev.ReadPointExtensions == nil && ev.BizLocationExtensions == nil {
		return fieldIndexer{}
	}
	fx := fieldIndexer{prefixes: prefixesInForce(contexts, ev.Context)}
	fx.members(FieldILMD, ev.ILMD, nil)
	fx.members(FieldExtension, ev.Extensions, ownExtension)
	if ev.ErrorDeclaration != nil {
		fx.members(FieldErrorDeclaration, ev.ErrorDeclaration.Extensions, nil)
	}
	fx.members(FieldReadPoint, ev.ReadPointExtensions, nil)
	fx.members(FieldBizLocation, ev.BizLocationExtensions, nil)
	fx.sensorElements(ev.SensorElementList)
	return fx
}

// members records the properties of one part of an event at place, but
// for JSON-LD keywords and those skip leaves out.
func (fx *fieldIndexer) members(place byte, m map[string]json.RawMessage, skip func(string) bool) {
	for name, raw := range m {
		if strings.HasPrefix(name, "@") || skip != nil && skip(name) {
			continue
		}
		fx.field(place, InnerField(place), name, raw)
	}
}

// The members EPCIS defines for the parts of a sensor element (the JSON
// schema's sensorElement, sensorMetadata and sensorReport); any other is an
// extension.
var (
	sensorElementMembers  = []string{"sensorMetadata", "sensorReport"}
	sensorMetadataMembers = []string{"time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"}
	sensorReportMembers   = []string{"type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules",
		"time", "microorganism", "chemicalSubstance", "coordinateReferenceSystem", "value", "component", "stringValue", "booleanValue",
		"hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom"}
)

// sensorElements records the extension properties of a sensorElementList
// (raw): those of each element, of its sensorMetadata and of each of its
// sensorReports.
func (fx *fieldIndexer) sensorElements(list json.RawMessage) {
	if len(list) == 0 {
		return
	}
	var elements []map[string]json.RawMessage
	if json.Unmarshal(list, &elements) != nil {
		return
	}
	standard := func(names []string) func(string) bool {
		return func(name string) bool { return slices.Contains(names, name) }
	}
	for _, el := range elements {
		fx.members(FieldSensorElement, el, standard(sensorElementMembers))
		var meta map[string]json.RawMessage
		if json.Unmarshal(el["sensorMetadata"], &meta) == nil {
			fx.members(FieldSensorMetadata, meta, standard(sensorMetadataMembers))
		}
		var reports []map[string]json.RawMessage
		if json.Unmarshal(el["sensorReport"], &reports) == nil {
			for _, r := range reports {
				fx.members(FieldSensorReport, r, standard(sensorReportMembers))
			}
		}
	}
}

// ownExtension reports whether an extension property is one of lotledger's
// own (lotledger:kind, lotledger:user, ...): what the ledger records beside
// the EPCIS fields, which its native API answers. They are not indexed;
// lotledger's ILMD properties (lotledger:supplierLot, ...) are.
func ownExtension(name string) bool {
	return strings.HasPrefix(name, "lotledger:") || strings.HasPrefix(name, Namespace)
}

// fieldIndexer collects one event's field values by key. An event has a
// handful of fields, so they are a list.
type fieldIndexer struct {
	prefixes map[string]string
	fields   []indexedField
}

type indexedField struct {
	key    string
	values []FieldValue
}

// FieldValue is a value IndexFields lists: a string (a boolean as "true"
// or "false"), or the text of a JSON number.
type FieldValue struct {
	Text   string
	Number bool
}

// field records a top-level property (place top) and what is nested in it
// (place inner). A plain string or number, the common case, is read
// without decoding.
func (fx *fieldIndexer) field(top, inner byte, name string, raw json.RawMessage) {
	if v, ok := plainScalar(raw); ok {
		fx.listField(top, name, v)
		return
	}
	v, err := decodeAny(raw)
	if err != nil {
		return
	}
	fx.listField(top, name, v)
	fx.nested(inner, v)
}

// plainScalar reads a JSON string without escapes, or a number.
func plainScalar(raw json.RawMessage) (any, bool) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		s := raw[1 : n-1]
		for _, c := range s {
			if c == '\\' || c == '"' || c < 0x20 {
				return nil, false
			}
		}
		return string(s), true
	}
	if n := len(raw); n > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		if _, ok := canonicalDecimal(string(raw)); ok {
			return json.Number(raw), true
		}
	}
	return nil, false
}

// listField lists the scalar values of v (a scalar, an array of them, or a
// JSON-LD value object) under the field name at place; a field with no
// scalar value is still listed, for EXISTS_.
func (fx *fieldIndexer) listField(place byte, name string, v any) {
	iri, alias := fx.names(name)
	fx.listUnder(place, iri, v)
	if alias != "" {
		fx.listUnder(place, alias, v)
	}
}

func (fx *fieldIndexer) listUnder(place byte, key string, v any) {
	fx.at(FieldKey(place, key, false))
	fx.add(place, key, v)
}

// at is the field listed under k, added if it is not there yet.
func (fx *fieldIndexer) at(k string) *indexedField {
	for i := range fx.fields {
		if fx.fields[i].key == k {
			return &fx.fields[i]
		}
	}
	fx.fields = append(fx.fields, indexedField{key: k})
	return &fx.fields[len(fx.fields)-1]
}

func (fx *fieldIndexer) add(place byte, key string, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if _, nested := e.([]any); !nested {
				fx.add(place, key, e)
			}
		}
	case map[string]any:
		if inner, ok := v["@value"]; ok {
			fx.add(place, key, inner)
		} else if id, ok := v["@id"].(string); ok {
			fx.add(place, key, id)
		}
	case bool:
		fx.addValue(FieldKey(place, key, false), FieldValue{Text: strconv.FormatBool(v)})
	case json.Number:
		fx.addValue(FieldKey(place, key, false), FieldValue{Text: string(v), Number: true})
	case string:
		fx.addValue(FieldKey(place, key, false), FieldValue{Text: v})
		if t, ok := FieldTime(v); ok {
			fx.addValue(FieldKey(place, key, true), FieldValue{Text: t})
		}
	}
}

func (fx *fieldIndexer) addValue(k string, v FieldValue) {
	f := fx.at(k)
	if !slices.Contains(f.values, v) {
		f.values = append(f.values, v)
	}
}

// nested records every property inside v, at any depth, at place.
func (fx *fieldIndexer) nested(place byte, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			fx.nested(place, e)
		}
	case map[string]any:
		for name, inner := range v {
			if strings.HasPrefix(name, "@") {
				continue
			}
			fx.listField(place, name, inner)
			fx.nested(place, inner)
		}
	}
}

// names are the keys a property name is listed under: its IRI, and, when
// its prefix is one lotledger does not know by itself, its name as written
// (alias).
func (fx *fieldIndexer) names(name string) (iri, alias string) {
	iri, known := ExpandFieldName(name)
	if known {
		return iri, ""
	}
	if prefix, local, ok := strings.Cut(name, ":"); ok {
		if ns, ok := fx.prefixes[prefix]; ok {
			return ns + local, name
		}
	}
	return name, ""
}

// ExpandFieldName gives the IRI of a field name as a query names it: an
// IRI (with "://", or a URN) is itself; prefix:name with one of EPCIS's own
// prefixes (cbvmda, gs1, ...) or "lotledger" is expanded. The EPCIS 1.x
// form, a namespace, "#" and the name (urn:epcglobal:cbv:mda#lotNumber), is
// the IRI a JSON-LD prefix gives when the namespace is one of those
// prefixes' without its last character. known is false for any other name,
// which is then returned as written.
func ExpandFieldName(name string) (iri string, known bool) {
	if strings.Contains(name, "://") || strings.HasPrefix(name, "urn:") {
		if ns, local, ok := strings.Cut(name, "#"); ok {
			for _, iri := range basePrefixes() {
				if len(iri) == len(ns)+1 && strings.HasPrefix(iri, ns) {
					return iri + local, true
				}
			}
		}
		return name, true
	}
	if prefix, local, ok := strings.Cut(name, ":"); ok {
		if ns, ok := basePrefixes()[prefix]; ok {
			return ns + local, true
		}
	}
	return name, false
}

// basePrefixes are the prefixes every event may use: EPCIS's context's and
// lotledger's own.
var basePrefixes = sync.OnceValue(func() map[string]string {
	m := standardPrefixes()
	m["lotledger"] = Namespace
	return m
})

// prefixesInForce are the prefixes for an event's property names: the base
// ones, the contexts', then the event's own. Documents share their context,
// so the maps are kept by the context's text (at most fieldContextsMax).
func prefixesInForce(contexts []json.RawMessage, own json.RawMessage) map[string]string {
	var key strings.Builder
	for _, c := range contexts {
		key.Write(c)
		key.WriteByte(0)
	}
	key.Write(own)
	if key.Len() == 0 {
		return basePrefixes()
	}
	k := key.String()
	if m, ok := fieldContexts.Load(k); ok {
		return m.(map[string]string)
	}
	m := copyMap(basePrefixes())
	for _, c := range contexts {
		m = addPrefixes(m, c)
	}
	if len(own) > 0 {
		m = addPrefixes(m, own)
	}
	if fieldContextsCount.Add(1) > fieldContextsMax {
		fieldContexts.Clear()
		fieldContextsCount.Store(1)
	}
	fieldContexts.Store(k, m)
	return m
}

var (
	fieldContexts      sync.Map // context text -> prefixes
	fieldContextsCount atomic.Int64
)

const fieldContextsMax = 256

// FieldTime is the form in which IndexFields lists a date or date-time
// value, and in which a query's time is compared with it: a date
// (YYYY-MM-DD) as written, a date-time with its offset as the UTC instant
// with nine fractional digits. Both sort as text in time order; a date
// sorts before every instant of its day, as its start would.
func FieldTime(s string) (string, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || s[0] < '0' || s[0] > '9' {
		return "", false
	}
	if len(s) == 10 { // time.Parse takes exactly the digits DateOnly has
		if _, err := time.Parse(time.DateOnly, s); err == nil {
			return s, true
		}
		return "", false
	}
	if len(s) < 20 || len(s) > 40 || s[4] != '-' || s[10] != 'T' {
		return "", false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Year() < 1 || t.Year() > 9999 {
		return "", false
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000000Z"), true
}
