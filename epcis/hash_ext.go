package epcis

import (
	"sort"
	"strings"
)

// The sensor and extension parts of the pre-hash string.

// sensorMetadataOrder and sensorReportOrder are the canonical property
// orders of sensor metadata and sensor reports.
var (
	sensorMetadataOrder = []string{"time", "startTime", "endTime", "deviceID", "deviceMetadata",
		"rawData", "dataProcessingMethod", "bizRules"}
	sensorReportOrder = []string{"type", "exception", "deviceID", "deviceMetadata", "rawData",
		"dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value", "component",
		"stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue",
		"meanValue", "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem"}
)

// standardEventKeys are the event properties that are not user extensions.
var standardEventKeys = map[string]bool{
	"@context": true, "type": true, "eventID": true, "eventTime": true, "eventTimeZoneOffset": true,
	"recordTime": true, "certificationInfo": true, "errorDeclaration": true, "epcList": true,
	"parentID": true, "inputEPCList": true, "childEPCs": true, "quantityList": true,
	"childQuantityList": true, "inputQuantityList": true, "outputEPCList": true,
	"outputQuantityList": true, "action": true, "transformationID": true, "bizStep": true,
	"disposition": true, "persistentDisposition": true, "readPoint": true, "bizLocation": true,
	"bizTransactionList": true, "sourceList": true, "destinationList": true,
	"sensorElementList": true, "ilmd": true, "rdfs:comment": true,
}

// sensors writes each sensor element's standard fields, the elements
// sorted, each report inside sorted.
func (h *hasher) sensors(v any) {
	elems, _ := v.([]any)
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		m, _ := e.(map[string]any)
		var b strings.Builder
		b.WriteString("sensorElement")
		if md, ok := m["sensorMetadata"].(map[string]any); ok {
			b.WriteString("sensorMetadata")
			orderedFields(&b, md, sensorMetadataOrder)
		}
		reps, _ := m["sensorReport"].([]any)
		rs := make([]string, 0, len(reps))
		for _, r := range reps {
			var rb strings.Builder
			rb.WriteString("sensorReport")
			rm, _ := r.(map[string]any)
			orderedFields(&rb, rm, sensorReportOrder)
			rs = append(rs, rb.String())
		}
		sort.Strings(rs)
		writeAll(&b, rs)
		out = append(out, b.String())
	}
	sort.Strings(out)
	writeAll(&h.b, out)
}

// orderedFields writes the listed fields of m that are present, in order.
func orderedFields(b *strings.Builder, m map[string]any, order []string) {
	for _, k := range order {
		v, ok := m[k]
		if !ok {
			continue
		}
		s := scalarText(v)
		if k == "type" {
			s = measurementType(s)
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(s)
	}
}

// measurementType writes a GS1 sensor measurement or alert type as its GS1
// web vocabulary URI.
func measurementType(s string) string {
	if !strings.Contains(s, ":") {
		return "https://ref.gs1.org/voc/" + s
	}
	for _, p := range [...]string{"gs1:", gs1VocPrefix} {
		if t, ok := strings.CutPrefix(s, p); ok {
			return "https://ref.gs1.org/voc/" + t
		}
	}
	return s
}

// ilmd writes "ilmd" and its properties, sorted.
func (h *hasher) ilmd(v any) {
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	h.b.WriteString("ilmd")
	writeAll(&h.b, h.extStrings(m, nil))
}

// extensions writes the user extensions: those inside readPoint,
// bizLocation and the sensor elements first, then the event's own, sorted.
func (h *hasher) extensions(ev map[string]any) {
	for _, name := range [...]string{"readPoint", "bizLocation"} {
		if m, ok := ev[name].(map[string]any); ok {
			if ext := h.extStrings(m, map[string]bool{"id": true}); len(ext) > 0 {
				h.b.WriteString(name)
				writeAll(&h.b, ext)
			}
		}
	}
	h.sensorExtensions(ev["sensorElementList"])
	writeAll(&h.b, h.extStrings(ev, standardEventKeys))
}

// sensorExtensions writes, for each sensor element that has any, the
// extensions of its metadata, of its reports and of the element itself.
func (h *hasher) sensorExtensions(v any) {
	elems, _ := v.([]any)
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		m, _ := e.(map[string]any)
		var b strings.Builder
		if md, ok := m["sensorMetadata"].(map[string]any); ok {
			if ext := h.extStrings(md, keySet(sensorMetadataOrder)); len(ext) > 0 {
				b.WriteString("sensorMetadata")
				writeAll(&b, ext)
			}
		}
		reps, _ := m["sensorReport"].([]any)
		for _, r := range reps {
			rm, _ := r.(map[string]any)
			if ext := h.extStrings(rm, keySet(sensorReportOrder)); len(ext) > 0 {
				b.WriteString("sensorReport")
				writeAll(&b, ext)
			}
		}
		writeAll(&b, h.extStrings(m, map[string]bool{"sensorMetadata": true, "sensorReport": true}))
		if b.Len() > 0 {
			out = append(out, "sensorElement"+b.String())
		}
	}
	sort.Strings(out)
	writeAll(&h.b, out)
}

func keySet(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// extStrings renders the properties of m not in skip, sorted.
func (h *hasher) extStrings(m map[string]any, skip map[string]bool) []string {
	var out []string
	for k, v := range m {
		if skip[k] || strings.HasPrefix(k, "@") {
			continue
		}
		out = append(out, h.extValue(h.expandedName(k), v)...)
	}
	sort.Strings(out)
	return out
}

// extValue renders one property: "{ns}name=value" for a scalar, one such
// string per element for an array, "{ns}name" followed by its sorted
// children for an object.
func (h *hasher) extValue(name string, v any) []string {
	switch v := v.(type) {
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, h.extValue(name, e)...)
		}
		return out
	case map[string]any:
		var b strings.Builder
		b.WriteString(name)
		writeAll(&b, h.extStrings(v, nil))
		return []string{b.String()}
	case nil:
		return []string{name}
	}
	return []string{name + "=" + scalarText(v)}
}

// expandedName writes a property name as "{namespace}localName": the
// prefix of a CURIE is replaced by its IRI (without a final ":", so that
// cbvmda gives {urn:epcglobal:cbv:mda} as in XML); a full IRI is split
// after its last "/" or "#".
func (h *hasher) expandedName(k string) string {
	prefix, local, ok := strings.Cut(k, ":")
	if !ok {
		return k
	}
	if strings.HasPrefix(local, "//") {
		i := strings.LastIndexAny(k, "/#")
		return "{" + k[:i+1] + "}" + k[i+1:]
	}
	ns, ok := h.ns[prefix]
	if !ok {
		ns = prefix
	}
	return "{" + strings.TrimSuffix(ns, ":") + "}" + local
}
