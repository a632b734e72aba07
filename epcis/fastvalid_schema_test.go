package epcis

import (
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The fast path's tables are written by hand from the schema; these tests
// read the schema and hold the tables to it, so that a new schema version
// cannot leave the fast path checking retired rules.

// schemaAt returns the node of the embedded schema at a JSON pointer.
func schemaAt(t *testing.T, pointer string) map[string]any {
	t.Helper()
	var node any
	if err := json.Unmarshal(SchemaJSON(), &node); err != nil {
		t.Fatal(err)
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		switch n := node.(type) {
		case map[string]any:
			node = n[tok]
		case []any:
			i := int(tok[0] - '0')
			node = n[i]
		}
	}
	m, ok := node.(map[string]any)
	if !ok {
		t.Fatalf("schema has no object at %s", pointer)
	}
	return m
}

// stringsOf returns a JSON array of strings, sorted.
func stringsOf(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	sort.Strings(out)
	return out
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestFastVocabularies_MatchTheSchema(t *testing.T) {
	vocabularies := map[string]termsOrURI{
		"bizStep": bizStepTerms, "disposition": dispositionTerms,
		"bizTransaction-type": bizTransactionTypeTerms, "source-dest-type": sourceDestTypeTerms,
		"error-reason": errorReasonTerms, "component": componentTerms,
		"measurementType": measurementTypeTerms, "sensorAlertType": sensorAlertTypeTerms,
	}
	for name, v := range vocabularies {
		want := stringsOf(schemaAt(t, "/definitions/"+name+"/anyOf/1")["enum"])
		if got := keysOf(anyMap(v.terms)); !slices.Equal(got, want) {
			t.Errorf("%s: fast path terms %v, schema %v", name, got, want)
		}
	}
}

func anyMap(m map[string]bool) map[string]any {
	out := map[string]any{}
	for k := range m {
		out[k] = true
	}
	return out
}

// objectSchemas maps the schema's object definitions to the fast path's.
var objectSchemas = map[string]*objectSchema{
	"/definitions/quantityElement":                        quantityElementSchema,
	"/definitions/bizTransaction":                         bizTransactionSchema,
	"/definitions/source":                                 sourceSchema,
	"/definitions/destination":                            destinationSchema,
	"/definitions/readPoint":                              locationSchema,
	"/definitions/bizLocation":                            locationSchema,
	"/definitions/persistentDisposition/allOf/0":          persistentDispositionSchema,
	"/definitions/errorDeclaration":                       errorDeclarationSchema,
	"/definitions/sensorElement":                          sensorElementSchema,
	"/definitions/sensorMetadata":                         sensorMetadataSchema,
	"/definitions/sensorReport":                           sensorReportSchema,
	"/definitions/epcisDocument":                          epcisDocumentSchema,
	"/definitions/epcisDocument/properties/epcisBody":     epcisBodySchema,
	"/definitions/epcisHeader":                            epcisHeaderSchema,
	"/definitions/epcisHeader/properties/epcisMasterData": epcisMasterDataSchema,
	"/definitions/vocabulary":                             vocabularySchema,
	"/definitions/vocabularyElement":                      vocabularyElementSchema,
	"/definitions/attribute":                              attributeSchema,
	"/definitions/epcisQueryDocument":                     epcisQueryDocumentSchema,
	"/definitions/epcisQueryDocumentBody":                 epcisQueryDocumentBodySchema,
	"/definitions/queryResults":                           queryResultsSchema,
	"/definitions/resultsBody":                            resultsBodySchema,
}

// Each object the fast path reads has the schema's properties, required
// names, and rule for other names (additionalProperties: false, a
// propertyNames of its names or URIs, or nothing).
func TestFastObjectSchemas_MatchTheSchema(t *testing.T) {
	for pointer, o := range objectSchemas {
		def := schemaAt(t, pointer)
		properties, _ := def["properties"].(map[string]any)
		if got, want := objectNames(o, ^props(0)), keysOf(properties); !slices.Equal(got, want) {
			t.Errorf("%s: properties %v, schema %v", pointer, got, want)
		}
		var want []string
		if r, ok := def["required"]; ok {
			want = stringsOf(r)
		}
		if got := objectNames(o, o.required); !slices.Equal(got, want) {
			t.Errorf("%s: required %v, schema %v", pointer, got, want)
		}
		if got, want := o.others, othersOf(t, def); got != want {
			t.Errorf("%s: other names rule %d, schema %d", pointer, got, want)
		}
	}
}

// objectNames returns the names of o's properties in set, sorted.
func objectNames(o *objectSchema, set props) []string {
	var out []string
	for name, i := range o.names {
		if set.has(1 << i) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// othersOf reads a definition's rule for names it does not list; a
// propertyNames must be its own names or a vocab-uri.
func othersOf(t *testing.T, def map[string]any) otherNames {
	if def["additionalProperties"] == false {
		return closed
	}
	pn, ok := def["propertyNames"].(map[string]any)
	if !ok {
		return anyNamed
	}
	var names []string
	for _, alt := range pn["anyOf"].([]any) {
		alt := alt.(map[string]any)
		if e, ok := alt["enum"]; ok {
			names = stringsOf(e)
		} else if alt["$ref"] != "#/definitions/vocab-uri" {
			t.Errorf("unexpected propertyNames alternative %v", alt)
		}
	}
	if properties, _ := def["properties"].(map[string]any); !slices.Equal(names, keysOf(properties)) {
		t.Errorf("propertyNames %v are not the properties %v", names, keysOf(properties))
	}
	return uriNamed
}

// Each event type allows, requires and keeps unique the names the schema
// says, and a property means the same in every type that has it (which
// lets the fast path read an event before it knows its type), with two
// exceptions that the rules handle: ObjectEvent's epcList has uniqueItems
// (distinct), and TransactionEvent's bizTransactionList has minItems 1
// (its shape).
func TestFastEventRules_MatchTheSchema(t *testing.T) {
	common := stringsOf(schemaAt(t, "/definitions/common-event-properties/anyOf/0")["enum"])
	event := schemaAt(t, "/definitions/Event")
	definitions := map[string]map[string]string{} // name → event type → property schema
	for kind := objectEvent; kind <= associationEvent; kind++ {
		r := eventRules[kind]
		body := schemaAt(t, "/definitions/"+r.name+"/allOf/1")
		own := stringsOf(schemaAt(t, "/definitions/"+r.name+"/allOf/1/propertyNames/anyOf/1")["enum"])
		checkNames(t, r.name+" allowed", r.allowed, sortedUnion(common, own))
		checkNames(t, r.name+" properties", r.allowed, sortedUnion(keysOf(body["properties"].(map[string]any)), keysOf(event["properties"].(map[string]any))))
		checkNames(t, r.name+" required", r.required|fieldSet(evType, evEventTime, evEventTimeZoneOffset),
			sortedUnion(stringsOf(body["required"]), stringsOf(event["required"])))
		checkNames(t, r.name+" uniqueItems", r.distinct, uniqueLists(body))
		for name, p := range body["properties"].(map[string]any) {
			b, _ := json.Marshal(resolved(t, p.(map[string]any)))
			if definitions[name] == nil {
				definitions[name] = map[string]string{}
			}
			definitions[name][r.name] = string(b)
		}
	}
	var differ []string
	for name, byType := range definitions {
		if name != "type" && len(slices.Compact(slices.Sorted(maps.Values(byType)))) > 1 {
			differ = append(differ, name)
		}
	}
	sort.Strings(differ)
	if want := []string{"bizTransactionList", "epcList"}; !slices.Equal(differ, want) {
		t.Errorf("properties defined differently by event types: %v, want %v", differ, want)
	}
}

// resolved returns the definition a property refers to, or the property:
// {"$ref": "#/definitions/quantityList"} is the same as the array it names.
func resolved(t *testing.T, p map[string]any) map[string]any {
	if ref, ok := p["$ref"].(string); ok && len(p) == 1 {
		return schemaAt(t, strings.TrimPrefix(ref, "#"))
	}
	return p
}

func checkNames(t *testing.T, what string, set props, want []string) {
	t.Helper()
	var got []string
	for f, p := range eventProperties {
		if set.has(eventField(f).bit()) {
			got = append(got, p.name)
		}
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: fast path %v, schema %v", what, got, want)
	}
}

// uniqueLists returns the properties of an event type with uniqueItems.
func uniqueLists(body map[string]any) []string {
	var out []string
	for name, p := range body["properties"].(map[string]any) {
		p := p.(map[string]any)
		if p["uniqueItems"] == true || p["$ref"] == "#/definitions/epcList" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func sortedUnion(a, b []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(a), b...))))
}
