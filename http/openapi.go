package http

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lotledger"
)

// handleOpenAPI answers GET /api/openapi.json.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := openAPIJSON()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// openAPIJSON renders the document; it is small and cheap to build, so it is
// built per request rather than cached in a global.
func openAPIJSON() ([]byte, error) {
	return json.MarshalIndent(openAPIDocument(), "", "  ")
}

// openAPIDocument builds the OpenAPI 3.1 description of every operation.
// Component schemas come from the Go types by reflection, following the
// same json tags the handlers decode and encode with.
func openAPIDocument() map[string]any {
	sb := &schemaBuilder{components: map[string]any{}}
	sb.ref(typ[Problem]())
	paths := map[string]any{}
	var tags []any
	seen := map[string]bool{}
	for _, op := range operations {
		if !seen[op.tag] {
			seen[op.tag] = true
			tags = append(tags, map[string]any{"name": op.tag})
		}
		item, _ := paths[op.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.path] = item
		}
		item[strings.ToLower(op.method)] = sb.operation(op)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "lotledger API",
			"version": "1",
			"description": "Lot tracking and recall readiness. Quantities travel as decimal strings (\"12.5\"), " +
				"times as RFC 3339 with a zone. Errors are RFC 9457 application/problem+json with a stable `code`. " +
				"Movement requests accept `id`, an idempotency key: the same id again answers 200 with the first result.",
		},
		"tags":  tags,
		"paths": paths,
		"components": map[string]any{
			"schemas": sb.components,
			"parameters": map[string]any{
				"User": map[string]any{
					"name": userHeader, "in": "header", "required": false, "schema": map[string]any{"type": "string", "maxLength": 200},
					"description": "The acting user, recorded on every event; missing means \"anonymous\".",
				},
				"EPCFormat": map[string]any{
					"name": "GS1-EPC-Format", "in": "header", "required": false,
					"schema":      map[string]any{"type": "string", "enum": []string{"No_Preference", "Always_GS1_Digital_Link", "Always_EPC_URN", "Never_Translates"}, "default": "Always_GS1_Digital_Link"},
					"description": "How the answer writes the events' identifiers: EPC URNs as GS1 Digital Links (the default), or as captured (Never_Translates, No_Preference). Always_EPC_URN is refused with 406.",
				},
				"RequestId": map[string]any{
					"name": requestIDHeader, "in": "header", "required": false, "schema": map[string]any{"type": "string", "maxLength": 128},
					"description": "A request id to follow in logs; echoed in the response, generated when missing.",
				},
			},
		},
	}
}

// schemaBuilder turns Go types into JSON Schemas, naming each struct once in
// components and referring to it everywhere else.
type schemaBuilder struct {
	components map[string]any
}

var pathParamRE = regexp.MustCompile(`\{([A-Za-z_]+)\}`)

// operation renders one operation object.
func (sb *schemaBuilder) operation(op operation) map[string]any {
	o := map[string]any{"operationId": op.id, "summary": op.summary, "tags": []string{op.tag}}
	var params []any
	for _, m := range pathParamRE.FindAllStringSubmatch(op.path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range op.query {
		p := map[string]any{"name": q, "in": "query", "required": false}
		for k, v := range queryParams[q] {
			p[k] = v
		}
		params = append(params, p)
	}
	if strings.HasPrefix(op.path, "/api/v1/") {
		params = append(params, map[string]any{"$ref": "#/components/parameters/User"}, map[string]any{"$ref": "#/components/parameters/RequestId"})
	}
	if strings.HasPrefix(op.path, "/epcis/") && (op.method == "GET" || op.id == "epcisCaptureEvent") && !strings.HasPrefix(op.path, "/epcis/capture") {
		params = append(params, map[string]any{"$ref": "#/components/parameters/EPCFormat"})
	}
	if params != nil {
		o["parameters"] = params
	}
	switch {
	case op.request != nil:
		o["requestBody"] = map[string]any{
			"required": !op.optionalBody,
			"content":  map[string]any{"application/json": map[string]any{"schema": sb.ref(op.request)}},
		}
	case op.rawRequest != nil:
		o["requestBody"] = map[string]any{
			"required": true,
			"content":  map[string]any{"application/json": map[string]any{"schema": op.rawRequest}, "application/ld+json": map[string]any{"schema": op.rawRequest}},
		}
	}
	o["responses"] = sb.responses(op)
	return o
}

// responses renders the success response and the problem responses of op.
func (sb *schemaBuilder) responses(op operation) map[string]any {
	media := "application/json"
	switch op.path {
	case "/metrics":
		media = "text/plain"
	case "/api/docs":
		media = "text/html"
	}
	schema := op.raw
	if op.response != nil {
		schema = sb.ref(op.response)
	}
	ok := map[string]any{"description": http.StatusText(op.status), "content": map[string]any{media: map[string]any{"schema": schema}}}
	if op.status == http.StatusNoContent {
		ok = map[string]any{"description": http.StatusText(op.status)}
	}
	res := map[string]any{strconv.Itoa(op.status): ok}
	if op.replay {
		res["200"] = map[string]any{
			"description": "The command's id had been seen before: the first result, replayed; nothing changed.",
			"content":     map[string]any{media: map[string]any{"schema": schema}},
		}
	}
	for _, st := range append(op.errors, 500) {
		res[strconv.Itoa(st)] = map[string]any{
			"description": http.StatusText(st) + problemNote[st],
			"content":     map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
		}
	}
	return res
}

// problemNote says which codes each problem status carries.
var problemNote = map[int]string{
	400: ": code invalid; field names the offending input",
	404: ": code not_found",
	406: ": code not_acceptable; answers are JSON (JSON-LD), EPCIS and CBV 2.0.0",
	409: ": code conflict, insufficient_stock or lot_blocked",
	413: ": code too_large",
	415: ": code unsupported_media_type; send application/json",
	422: ": code unknown_reference; a SKU, lot, location or party named in the body does not exist",
	500: ": code internal",
}

var (
	timeType     = typ[time.Time]()
	dateType     = typ[lotledger.Date]()
	quantityType = typ[lotledger.Quantity]()
)

// ref returns a schema for t, registering named structs as components.
func (sb *schemaBuilder) ref(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date"}
	case quantityType:
		return map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]{1,6})?$`, "description": "exact decimal quantity"}
	case amountType:
		return map[string]any{"type": []string{"string", "number"}, "examples": []string{"12.5"}, "description": "decimal quantity, best sent as a string"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": sb.ref(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": sb.ref(t.Elem())}
	case reflect.Struct:
		name := schemaName(t)
		if _, done := sb.components[name]; !done {
			sb.components[name] = map[string]any{} // placeholder: stops recursion
			sb.components[name] = sb.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// object renders a struct's fields as JSON encoding/json would see them.
func (sb *schemaBuilder) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		p := sb.ref(f.Type)
		if enum, ok := fieldEnums[schemaName(t)+"."+name]; ok {
			p = map[string]any{"type": "string", "enum": enum}
		}
		if format, ok := fieldFormats[name]; ok && f.Type.Kind() == reflect.String && p["type"] == "string" {
			p["format"] = format
		}
		if d, ok := fieldDocs[name]; ok && p["description"] == nil && p["$ref"] == nil {
			p["description"] = d
		}
		props[name] = p
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			required = append(required, name)
		}
	}
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// schemaName names a struct in components: the Go name, with the request
// bodies that exist only here and the generic pages given plain names.
func schemaName(t reflect.Type) string {
	switch t {
	case typ[arrivalBody]():
		return "ArrivalRequest"
	case typ[statusBody]():
		return "StatusChangeRequest"
	case typ[subscribeRequest]():
		return "SubscribeRequest"
	}
	if strings.HasPrefix(t.Name(), "Page[") {
		if f, ok := t.FieldByName("Items"); ok {
			return schemaName(f.Type.Elem()) + "Page"
		}
	}
	return t.Name()
}

// fieldEnums lists the closed sets of string fields, by "Schema.field".
var fieldEnums = map[string][]string{
	"Item.tracking":              {lotledger.TrackLot, lotledger.TrackSerial, lotledger.TrackNone},
	"Location.kind":              {lotledger.KindSite, lotledger.KindZone, lotledger.KindBin, lotledger.KindInTransit, lotledger.KindProduction, lotledger.KindScrap},
	"Party.kind":                 {lotledger.PartySupplier, lotledger.PartyCustomer, lotledger.PartyCarrier},
	"StatusChangeRequest.status": lotStatuses,
	"Lot.status":                 lotStatuses,
	"LotDetail.status":           lotStatuses,
	"StockRow.status":            lotStatuses,
	"Event.kind":                 eventKinds,
	"Result.kind":                eventKinds,
}

// fieldFormats gives the format of string fields whose name says it all:
// command times are RFC 3339 and command dates are YYYY-MM-DD.
var fieldFormats = map[string]string{
	"time":     "date-time",
	"expires":  "date",
	"produced": "date",
}

// fieldDocs explains the fields whose meaning is not plain from their name.
// It is keyed by JSON name; the meaning is the same wherever the name is used.
var fieldDocs = map[string]string{
	"override_reason": "The recorded reason for moving a lot whose status (hold, quarantine, recalled, expired) forbids it.",
	"request_id":      "The client's idempotency key the event was recorded under.",
	"reference":       "A business document: purchase order, invoice, bill of lading, production order.",
	"supplier_lot":    "The supplier's own lot code, kept as an alias.",
	"time":            "When it happened, RFC 3339 with a zone; default now.",
	"expires":         "Expiry or best-before date, YYYY-MM-DD.",
	"produced":        "Production date, YYYY-MM-DD.",
	"seq":             "The event's place in the ledger.",
	"next":            "Pass as page_token to get the next page; absent on the last page.",
	"events_next":     "The lot has more than these 100 events: pass as page_token to GET /api/v1/events?sku=&lot= for the rest.",
	"replayed":        "True when the command's id had been seen before and nothing changed.",
	"uom":             "Unit of measure, such as EA or KGM (UN/ECE Rec 20).",
	"gtin":            "GTIN-8, -12, -13 or -14 with a valid check digit; stored as 14 digits.",
	"gln":             "GS1 Global Location Number, 13 digits.",
	"field":           "The offending input as a JSON path, such as lines[0].quantity.",
	"code":            "A stable code: a user-chosen identifier, or in a problem the error code clients branch on.",
}
