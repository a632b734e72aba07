package http

import (
	"reflect"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// operation describes one route for the OpenAPI document. The document is
// built from this table and from the Go types themselves, so schema field
// names cannot drift from the JSON the handlers read and write;
// TestOpenAPI_CoversEveryRoute checks the table against the registered routes.
type operation struct {
	method, path string
	id, tag      string
	summary      string
	query        []string     // names in queryParams, or the shared "limit" and "page_token"
	request      reflect.Type // nil: no body, or see rawRequest
	rawRequest   map[string]any
	optionalBody bool
	status       int          // success status
	response     reflect.Type // nil: see raw
	raw          map[string]any
	replay       bool  // 200 answers a replayed command
	errors       []int // problem statuses besides 500
}

// Error statuses most operations share.
var (
	errsCreate  = []int{400, 409, 413, 415}
	errsCommand = []int{400, 409, 413, 415, 422}
	errsList    = []int{400}
)

func typ[T any]() reflect.Type { return reflect.TypeFor[T]() }

// queryParams documents the query parameters by name.
var queryParams = map[string]map[string]any{
	"limit":          {"schema": map[string]any{"type": "integer", "minimum": 1, "maximum": lotledger.MaxPageLimit}, "description": "Page size; default 100, capped at 1000."},
	"page_token":     {"schema": map[string]any{"type": "string"}, "description": "The `next` value of the previous page."},
	"sku":            {"schema": map[string]any{"type": "string"}, "description": "Only this item."},
	"lot":            {"schema": map[string]any{"type": "string"}, "description": "Only this lot code."},
	"location":       {"schema": map[string]any{"type": "string"}, "description": "Only this location."},
	"status":         {"schema": map[string]any{"type": "string", "enum": lotStatuses}, "description": "Only lots with this status."},
	"expires_before": {"schema": map[string]any{"type": "string", "format": "date"}, "description": "Only lots expiring before this date (YYYY-MM-DD)."},
	"supplier_lot":   {"schema": map[string]any{"type": "string"}, "description": "Only the lot with this supplier lot code."},
	"after_seq":      {"schema": map[string]any{"type": "integer", "minimum": 0}, "description": "Only events with a sequence number above this one."},
	"kind":           {"schema": map[string]any{"type": "string", "enum": eventKinds}, "description": "Only events of this kind."},
	"mock":           {"schema": map[string]any{"type": "string", "enum": []string{"true", "false"}}, "description": "true: only mock recalls (drills); false: only real recalls."},
	"format":         {"schema": map[string]any{"type": "string", "enum": []string{"json", "csv"}}, "description": "json (default) or csv."},
	"direction":      {"schema": map[string]any{"type": "string", "enum": []string{"backward", "forward", "both"}}, "description": "backward: where it came from; forward: where it went; both (default)."},
	"sig":            {"schema": map[string]any{"type": "string"}, "description": "The acknowledgement link's signature, as the notice gave it."},
	"depth":          {"schema": map[string]any{"type": "integer", "minimum": 0}, "description": "At most this many levels of production; 0 (default) follows every level."},

	"stream":                         {"schema": map[string]any{"type": "boolean"}, "description": "WebSocket subscription: report events as they are recorded (the default without a schedule)."},
	"initialRecordTime":              {"schema": map[string]any{"type": "string", "format": "date-time"}, "description": "WebSocket subscription: report events recorded from this time on; default, from now."},
	"reportIfEmpty":                  {"schema": map[string]any{"type": "boolean"}, "description": "WebSocket subscription on a schedule: report even when no event matched."},
	"second":                         scheduleParam("second"),
	"minute":                         scheduleParam("minute"),
	"hour":                           scheduleParam("hour"),
	"dayOfMonth":                     scheduleParam("dayOfMonth"),
	"month":                          scheduleParam("month"),
	"dayOfWeek":                      scheduleParam("dayOfWeek"),
	"perPage":                        {"schema": map[string]any{"type": "integer", "minimum": 1, "default": lotledger.EPCISDefaultPerPage, "maximum": lotledger.EPCISMaxPerPage}, "description": "Events per page; default 30, capped at 1000."},
	"nextPageToken":                  {"schema": map[string]any{"type": "string"}, "description": "The token of the previous page's `Link: <...>; rel=\"next\"` header."},
	"eventType":                      epcisListParam("Only events of these types (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent)."),
	"GE_eventTime":                   epcisTimeParam("Only events that happened at or after this time."),
	"LT_eventTime":                   epcisTimeParam("Only events that happened before this time."),
	"GE_recordTime":                  epcisTimeParam("Only events the ledger recorded at or after this time."),
	"LT_recordTime":                  epcisTimeParam("Only events the ledger recorded before this time."),
	"EQ_action":                      epcisListParam("Only events with one of these actions: ADD, OBSERVE, DELETE."),
	"EQ_bizStep":                     epcisListParam("Only events with one of these business steps, as bare CBV terms (shipping) or web URIs."),
	"EQ_disposition":                 epcisListParam("Only events with one of these dispositions, as bare CBV terms (in_transit) or web URIs."),
	"EQ_readPoint":                   epcisListParam("Only events read at one of these locations (SGLN URN or Digital Link: either matches both)."),
	"EQ_bizLocation":                 epcisListParam("Only events whose business location is one of these."),
	"WD_readPoint":                   epcisListParam("Only events read at one of these locations or below it: a site's zones and bins, a GLN's extensions (/254/...), the children captured master data gives it."),
	"WD_bizLocation":                 epcisListParam("Only events whose business location is one of these or below it: a site's zones and bins, a GLN's extensions (/254/...), the children captured master data gives it."),
	"EQ_eventID":                     epcisListParam("Only the events with these eventIDs or CBV 2.0 event hashes."),
	"EQ_transformationID":            epcisListParam("Only transformations with one of these transformationIDs."),
	"MATCH_epc":                      epcisListParam("Only events whose epcList or childEPCs holds a match: a URI, or a pattern such as urn:epc:idpat:sgtin:0614141.107346.* or a prefix ending in *."),
	"MATCH_parentID":                 epcisListParam("Only events whose parentID matches."),
	"MATCH_inputEPC":                 epcisListParam("Only events whose inputEPCList holds a match."),
	"MATCH_outputEPC":                epcisListParam("Only events whose outputEPCList holds a match."),
	"MATCH_anyEPC":                   epcisListParam("Only events naming a matching EPC in any role (epcList, childEPCs, inputs, outputs, parentID)."),
	"MATCH_epcClass":                 epcisListParam("Only events whose quantityList or childQuantityList names a matching class (lot or GTIN)."),
	"MATCH_inputEPCClass":            epcisListParam("Only events whose inputQuantityList names a matching class."),
	"MATCH_outputEPCClass":           epcisListParam("Only events whose outputQuantityList names a matching class."),
	"MATCH_anyEPCClass":              epcisListParam("Only events naming a matching class in any quantity list."),
	"EQ_bizTransaction_type":         epcisListParam("Written EQ_bizTransaction_{type} (po, desadv, prodorder...): only events with a business transaction of that type and one of these values."),
	"EQ_source_type":                 epcisListParam("Written EQ_source_{type} (owning_party, possessing_party, location): only events with such a source."),
	"EQ_destination_type":            epcisListParam("Written EQ_destination_{type}: only events with such a destination."),
	"EXISTS_errorDeclaration":        {"schema": map[string]any{"type": "string"}, "description": "Only events that carry an error declaration; the value is ignored."},
	"EQ_persistentDisposition_set":   epcisListParam("Only events whose persistentDisposition sets one of these dispositions (bare CBV terms or web URIs)."),
	"EQ_persistentDisposition_unset": epcisListParam("Only events whose persistentDisposition unsets one of these dispositions."),
	"EXISTS_sensorElementList":       {"schema": map[string]any{"type": "string"}, "description": "Only events that carry sensor data; the value is ignored."},
	"EQ_type":                        epcisListParam("Only events with a sensor report of one of these measurement types (Temperature, or gs1:Temperature, or its web URI)."),
	"EQ_deviceID":                    epcisListParam("Only events with a sensor report from one of these devices (the report's deviceID, or its sensorMetadata's)."),
	"GE_time":                        epcisTimeParam("Only events with a sensor report taken at or after this time."),
	"LT_time":                        epcisTimeParam("Only events with a sensor report taken before this time."),
	"GE_startTime":                   epcisTimeParam("Only events with sensor data whose interval starts at or after this time."),
	"LT_startTime":                   epcisTimeParam("Only events with sensor data whose interval starts before this time."),
	"GE_endTime":                     epcisTimeParam("Only events with sensor data whose interval ends at or after this time."),
	"LT_endTime":                     epcisTimeParam("Only events with sensor data whose interval ends before this time."),
	"GT_value_uom": {"schema": map[string]any{"type": "number"}, "description": "One of a family: {EQ|GT|GE|LT|LE}_{value|minValue|maxValue|meanValue|sDev|percValue}_{UN/ECE unit}, " +
		"such as GT_value_CEL=8: only events with a sensor report whose value in that unit compares so; temperatures in FAH and KEL are converted, as are units of mass, volume and length (see GT_quantity_uom). EQ_ takes a list."},
	"GT_maxValue_uom": {"schema": map[string]any{"type": "number"}, "description": "As GT_value_uom, for the reports' maxValue: GT_maxValue_CEL=8 finds a cold chain that rose above 8 °C."},
	"EQ_quantity":     epcisListParam("Only events with a quantity element, in any quantity list, that counts one of these numbers of items (an element without a uom)."),
	"GT_quantity":     {"schema": map[string]any{"type": "number"}, "description": "Only events with a count of items (a quantity element without a uom) above this; GE_, LT_ and LE_quantity likewise."},
	"GE_quantity":     {"schema": map[string]any{"type": "number"}, "description": "Only events with a count of items of at least this."},
	"LT_quantity":     {"schema": map[string]any{"type": "number"}, "description": "Only events with a count of items below this."},
	"LE_quantity":     {"schema": map[string]any{"type": "number"}, "description": "Only events with a count of items of at most this."},
	"GT_quantity_uom": {"schema": map[string]any{"type": "number"}, "description": "One of a family: {EQ|GT|GE|LT|LE}_quantity_{UN/ECE unit}, such as GT_quantity_KGM=100: " +
		"only events with a quantity element in that unit, or in another unit of its mass, volume or length converted (GRM, LBR, TNE...), that compares so. EQ_ takes a list."},
	"EQ_ILMD_field": epcisListParam("One of a family: EQ_ILMD_{field}, such as EQ_ILMD_cbvmda:itemExpirationDate=2027-03-01: only events whose ilmd has that property " +
		"with one of these values, compared as written, and as a number or a time where the value is one. {field} is prefix:name with an EPCIS prefix (cbvmda, gs1, ...) " +
		"or lotledger, the property's IRI, or namespace#name; another prefix names the property as events wrote it."),
	"GT_ILMD_field": {"schema": map[string]any{"type": "string"}, "description": "One of a family: {GT|GE|LT|LE}_ILMD_{field}, such as LT_ILMD_cbvmda:itemExpirationDate=2027-01-01: " +
		"only events whose ilmd property has a number, or a date or date-time, that compares so with this one number or time (a date counts as the start of its day, UTC)."},
	"EXISTS_ILMD_field": {"schema": map[string]any{"type": "string"}, "allowEmptyValue": true, "description": "One of a family: EXISTS_ILMD_{field}: only events whose ilmd has that property, whatever its value."},
	"EQ_field": epcisListParam("One of a family: EQ_{field}, GT_, GE_, LT_, LE_ and EXISTS_{field}, such as GT_example:temperature=8: as the _ILMD_ forms, " +
		"for a top-level extension property of the event (any property EPCIS does not define; lotledger's own lotledger: properties are not indexed)."),
	"EQ_INNER_ILMD_field": epcisListParam("One of a family: {EQ|GT|GE|LT|LE|EXISTS}_INNER_ILMD_{field} and _INNER_{field}: as the forms without INNER_, for a property " +
		"nested at any depth inside an ilmd or extension property, such as EQ_INNER_ILMD_example:area=FAO27."),
	"EQ_SENSORREPORT_field": epcisListParam("One of a family: {EQ|GT|GE|LT|LE|EXISTS}_[INNER_]{SENSORELEMENT|SENSORMETADATA|SENSORREPORT}_{field}, such as " +
		"EQ_SENSORREPORT_example:probe=P2: as the _ILMD_ forms, for an extension property of a sensor element (beside its metadata and reports), " +
		"of its sensorMetadata, or of one of its sensorReports."),
	"EQ_ERROR_DECLARATION_field": epcisListParam("One of a family: {EQ|GT|GE|LT|LE|EXISTS}_[INNER_]ERROR_DECLARATION_{field}, such as " +
		"EQ_ERROR_DECLARATION_example:ticket=T-1: as the _ILMD_ forms, for an extension property of the event's error declaration (its latest: " +
		"one that came after it, or else the one it was captured with)."),
	"EQ_readPoint_field": epcisListParam("One of a family: {EQ|GT|GE|LT|LE|EXISTS}_[INNER_]{readPoint|bizLocation}_{field}, such as " +
		"EQ_bizLocation_example:zone=cold: as the _ILMD_ forms, for an extension property of the readPoint or bizLocation object, beside its id."),
	"EQ_ATTR_field_attribute": epcisListParam("One of a family: EQ_ATTR_{field}_{attribute}, such as EQ_ATTR_bizLocation_cbvmda:name=North DC: only events whose {field} " +
		"(readPoint, bizLocation, bizStep, disposition, epcClass or epc in any of its lists, or source or destination of any type) is a vocabulary element whose master data, as the latest captured document's " +
		"epcisHeader gave it (or, for a lotledger location, item or party no document described, its name as cbvmda:name or cbvmda:descriptionShort), has that attribute with one of these values (text as written; a number as a number). " +
		"A trade item's master data (…/01/{gtin}, urn:lotledger:class:{sku}) also matches its lots for epcClass and its instances for epc. {attribute} is named as the _ILMD_ forms' {field}."),
	"HASATTR_field": epcisListParam("One of a family: HASATTR_{field}, such as HASATTR_bizLocation=cbvmda:sst: only events whose {field} (as EQ_ATTR_) is a vocabulary element " +
		"whose master data (captured, or a lotledger location's, item's or party's own) has one of these attributes, whatever its value."),
	"EQ_booleanValue":         epcisListParam("Only events with a sensor report whose booleanValue is this (true or false)."),
	"EQ_stringValue":          epcisListParam("Only events with a sensor report whose stringValue is one of these."),
	"EQ_uriValue":             epcisListParam("Only events with a sensor report whose uriValue is one of these."),
	"EQ_errorReason":          epcisListParam("Only events declared in error for one of these reasons (incorrect_data, did_not_occur, as bare CBV terms or web URIs)."),
	"EQ_correctiveEventID":    epcisListParam("Only events declared in error whose declaration names one of these corrective events."),
	"GE_errorDeclarationTime": epcisTimeParam("Only events declared in error at or after this time."),
	"LT_errorDeclarationTime": epcisTimeParam("Only events declared in error before this time."),
	"orderBy": {"schema": map[string]any{"type": "string"}, "description": "Order the events by eventTime, recordTime, or a top-level extension field of the event " +
		"(prefix:name or its IRI, such as example:temperature: by its first value, a time in time order, else a number or text; events without it come last, or first descending). " +
		"Ties keep ledger order. Without it, events come in ledger order."},
	"orderDirection":  {"schema": map[string]any{"type": "string", "enum": []string{"ASC", "DESC"}, "default": "DESC"}, "description": "With orderBy: ascending or descending (the default)."},
	"eventCountLimit": {"schema": map[string]any{"type": "integer", "minimum": 1}, "description": "With orderBy: at most this many events in all, across pages (orderBy=eventTime&eventCountLimit=1 is the latest event). Not with maxEventCount."},
	"maxEventCount":   {"schema": map[string]any{"type": "integer", "minimum": 0}, "description": "Refuse the query (413, QueryTooLargeException) when more events than this match. Not with eventCountLimit."},
}

// scheduleParam documents a field of a WebSocket subscription's schedule.
func scheduleParam(field string) map[string]any {
	return map[string]any{"schema": map[string]any{"type": "string"}, "description": "WebSocket subscription on a schedule: the " + field +
		" values it reports at, numbers and ranges such as 0,30 or [1-5] (UTC; see EPCISSchedule)."}
}

// epcisListParam documents an EPCIS query parameter whose values are
// "|"-separated (the REST binding's pipeDelimited style).
func epcisListParam(description string) map[string]any {
	return map[string]any{"schema": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
		"style": "pipeDelimited", "explode": false, "description": description}
}

func epcisTimeParam(description string) map[string]any {
	return map[string]any{"schema": map[string]any{"type": "string", "format": "date-time"}, "description": description}
}

// epcisQueryDocument is the schema of an EPCIS query answer, in outline; the
// events themselves follow the EPCIS 2.0 JSON schema.
var epcisQueryDocument = map[string]any{
	"type":        "object",
	"description": "An EPCIS 2.0 EPCISQueryDocument (JSON-LD); epcisBody.queryResults.resultsBody.eventList holds the events as the ledger stores them.",
	"required":    []string{"@context", "type", "schemaVersion", "creationDate", "epcisBody"},
	"properties": map[string]any{
		"@context":      map[string]any{"type": "array"},
		"type":          map[string]any{"type": "string", "const": "EPCISQueryDocument"},
		"schemaVersion": map[string]any{"type": "string", "const": "2.0"},
		"creationDate":  map[string]any{"type": "string", "format": "date-time"},
		"epcisBody":     map[string]any{"type": "object"},
	},
}

// namedQueryBody is the schema of POST /epcis/queries.
var namedQueryBody = map[string]any{
	"type": "object", "required": []string{"name", "query"}, "additionalProperties": false,
	"properties": map[string]any{
		"name": map[string]any{"type": "string", "pattern": `^[A-Za-z0-9._-]{1,100}$`},
		"query": map[string]any{"type": "object", "description": "The EPCIS query parameters of GET /epcis/events by name, each a list of strings or one string or number " +
			"(the REST binding's query schema), such as {\"eventType\": [\"ObjectEvent\"], \"EQ_bizStep\": [\"shipping\"], \"GE_eventTime\": \"2026-03-01T00:00:00Z\"}",
			"additionalProperties": map[string]any{"type": []string{"array", "string", "number"}, "items": map[string]any{"type": "string"}}},
	},
}

// epcisQueryParams are the query parameters GET /epcis/events documents.
var epcisQueryParams = []string{
	"eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime", "EQ_action", "EQ_bizStep",
	"EQ_disposition", "EQ_readPoint", "EQ_bizLocation", "WD_readPoint", "WD_bizLocation", "EQ_eventID", "EQ_transformationID",
	"MATCH_epc", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC", "MATCH_anyEPC",
	"MATCH_epcClass", "MATCH_inputEPCClass", "MATCH_outputEPCClass", "MATCH_anyEPCClass",
	"EQ_bizTransaction_type", "EQ_source_type", "EQ_destination_type", "EXISTS_errorDeclaration",
	"EQ_errorReason", "EQ_correctiveEventID", "GE_errorDeclarationTime", "LT_errorDeclarationTime",
	"EQ_persistentDisposition_set", "EQ_persistentDisposition_unset",
	"EXISTS_sensorElementList", "EQ_type", "EQ_deviceID", "GE_time", "LT_time", "GE_startTime", "LT_startTime", "GE_endTime", "LT_endTime",
	"GT_value_uom", "GT_maxValue_uom", "EQ_booleanValue", "EQ_stringValue", "EQ_uriValue",
	"EQ_quantity", "GT_quantity", "GE_quantity", "LT_quantity", "LE_quantity", "GT_quantity_uom",
	"EQ_ILMD_field", "GT_ILMD_field", "EXISTS_ILMD_field", "EQ_field", "EQ_INNER_ILMD_field",
	"EQ_SENSORREPORT_field", "EQ_ERROR_DECLARATION_field", "EQ_readPoint_field", "EQ_ATTR_field_attribute", "HASATTR_field",
	"orderBy", "orderDirection", "eventCountLimit", "maxEventCount", "perPage", "nextPageToken",
}

var lotStatuses = []string{
	lotledger.StatusReleased, lotledger.StatusQuarantine, lotledger.StatusHold,
	lotledger.StatusRecalled, lotledger.StatusExpired, lotledger.StatusDestroyed,
}

// operations lists every route of the API.
var operations = withOptions(append(baseOperations, resourceOperations()...))

// withOptions adds the OPTIONS of every /epcis path that ops do not
// document already (handleEPCISOptions).
func withOptions(ops []operation) []operation {
	var patterns []string
	documented := map[string]bool{}
	for _, op := range ops {
		patterns = append(patterns, op.method+" "+op.path)
		documented[op.method+" "+op.path] = true
	}
	for _, p := range epcisPaths(patterns) {
		if documented["OPTIONS "+p.path] {
			continue
		}
		id := "epcisOptions"
		for _, part := range strings.Split(strings.TrimPrefix(p.path, "/epcis"), "/") {
			part = strings.Trim(part, "{}")
			if part != "" {
				id += strings.ToUpper(part[:1]) + part[1:]
			}
		}
		ops = append(ops, operation{method: "OPTIONS", path: p.path, id: id, tag: "epcis",
			summary: "Discovery: the methods (Allow: " + p.allow + "), EPCIS and CBV versions (GS1-EPCIS-Version, -Min, -Max; GS1-CBV-...) and GS1-EPC-Format",
			status:  204})
	}
	return ops
}

// baseOperations are the routes one by one.
var baseOperations = []operation{
	{method: "GET", path: "/healthz", id: "health", tag: "meta", summary: "Report that the server can answer",
		status: 200, raw: map[string]any{"type": "object", "properties": map[string]any{"status": map[string]any{"type": "string", "const": "ok"}}}},
	{method: "GET", path: "/metrics", id: "metrics", tag: "meta", summary: "Prometheus metrics in the text exposition format",
		status: 200, raw: map[string]any{"type": "string"}},
	{method: "GET", path: "/api/openapi.json", id: "openapi", tag: "meta", summary: "This OpenAPI document",
		status: 200, raw: map[string]any{"type": "object"}},
	{method: "GET", path: "/api/docs", id: "docs", tag: "meta", summary: "A readable page of this document",
		status: 200, raw: map[string]any{"type": "string"}},

	{method: "POST", path: "/api/v1/items", id: "createItem", tag: "items", summary: "Create an item",
		request: typ[lotledger.Item](), status: 201, response: typ[lotledger.Item](), errors: errsCreate},
	{method: "GET", path: "/api/v1/items", id: "listItems", tag: "items", summary: "List items by SKU",
		query: []string{"limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.Item]](), errors: errsList},
	{method: "GET", path: "/api/v1/items/{sku}", id: "getItem", tag: "items", summary: "Get one item",
		status: 200, response: typ[lotledger.Item](), errors: []int{404}},
	{method: "POST", path: "/api/v1/locations", id: "createLocation", tag: "locations", summary: "Create a location",
		request: typ[lotledger.Location](), status: 201, response: typ[lotledger.Location](), errors: []int{400, 409, 413, 415, 422}},
	{method: "GET", path: "/api/v1/locations", id: "listLocations", tag: "locations", summary: "List locations",
		query: []string{"limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.Location]](), errors: errsList},
	{method: "POST", path: "/api/v1/parties", id: "createParty", tag: "parties", summary: "Create a supplier, customer or carrier",
		request: typ[lotledger.Party](), status: 201, response: typ[lotledger.Party](), errors: errsCreate},
	{method: "GET", path: "/api/v1/parties", id: "listParties", tag: "parties", summary: "List parties",
		query: []string{"limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.Party]](), errors: errsList},

	{method: "POST", path: "/api/v1/receipts", id: "receive", tag: "movements", summary: "Receive goods from a supplier",
		request: typ[lotledger.Receipt](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/shipments", id: "ship", tag: "movements", summary: "Ship goods to a customer (lot omitted: first expired, first out)",
		request: typ[lotledger.Shipment](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/transfers", id: "transfer", tag: "movements", summary: "Move goods between locations",
		request: typ[lotledger.Transfer](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/transfers/{id}/arrival", id: "arriveTransfer", tag: "movements", summary: "Complete a transfer between sites; {id} is the transfer's event id",
		request: typ[arrivalBody](), optionalBody: true, status: 201, response: typ[lotledger.Result](), replay: true, errors: []int{400, 404, 409, 413, 415}},
	{method: "POST", path: "/api/v1/productions", id: "produce", tag: "movements", summary: "Record a production run: inputs consumed, outputs made",
		request: typ[lotledger.Production](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/adjustments", id: "adjust", tag: "movements", summary: "Correct stock after a count (signed quantities)",
		request: typ[lotledger.Adjustment](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/disposals", id: "dispose", tag: "movements", summary: "Remove stock for good, with a reason",
		request: typ[lotledger.Disposal](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/returns", id: "return", tag: "movements", summary: "Take goods back from a customer",
		request: typ[lotledger.Return](), status: 201, response: typ[lotledger.Result](), replay: true, errors: errsCommand},
	{method: "POST", path: "/api/v1/lots/{sku}/{lot}/status", id: "changeLotStatus", tag: "lots", summary: "Set a lot's status (hold, release, recall...)",
		request: typ[statusBody](), status: 201, response: typ[lotledger.Result](), replay: true, errors: []int{400, 404, 409, 413, 415}},

	{method: "GET", path: "/api/v1/stock", id: "listStock", tag: "stock", summary: "Stock on hand per lot and location",
		query: []string{"sku", "lot", "location", "status", "limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.StockRow]](), errors: errsList},
	{method: "GET", path: "/api/v1/lots", id: "listLots", tag: "lots", summary: "List lots",
		query: []string{"sku", "status", "expires_before", "supplier_lot", "limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.Lot]](), errors: errsList},
	{method: "GET", path: "/api/v1/lots/{sku}/{lot}", id: "getLot", tag: "lots", summary: "One lot with its stock, genealogy links and events",
		status: 200, response: typ[lotledger.LotDetail](), errors: []int{404}},
	{method: "GET", path: "/api/v1/events", id: "listEvents", tag: "events", summary: "Ledger events, oldest first",
		query: []string{"after_seq", "kind", "sku", "lot", "limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.Event]](), errors: errsList},
	{method: "GET", path: "/api/v1/ledger/verify", id: "verifyLedger", tag: "events", summary: "Recompute the ledger's hash chain and name the first altered event",
		status: 200, response: typ[lotledger.VerifyReport]()},

	{method: "GET", path: "/epcis/events", id: "epcisQueryEvents", tag: "epcis", summary: "EPCIS 2.0 events matching the query, a page at a time (Link rel=next)",
		query: epcisQueryParams, status: 200, raw: epcisQueryDocument, errors: []int{400, 406, 413, 501}},
	{method: "GET", path: "/epcis/events/{eventID}", id: "epcisGetEvent", tag: "epcis", summary: "One EPCIS 2.0 event by its URL-encoded eventID or event hash, in a query document",
		status: 200, raw: epcisQueryDocument, errors: []int{404, 406, 501}},
	{method: "POST", path: "/epcis/capture", id: "epcisCapture", tag: "epcis",
		summary:    "Capture an EPCISDocument: validated whole against the EPCIS 2.0 schema, applied in one transaction; 202 with Location of the finished job",
		rawRequest: map[string]any{"type": "object", "description": "An EPCIS 2.0 EPCISDocument (JSON-LD)"}, status: 202,
		response: typ[epcis.CaptureJob](), errors: []int{400, 409, 413, 422, 501}},
	{method: "POST", path: "/epcis/events", id: "epcisCaptureEvent", tag: "epcis",
		summary:    "Capture one EPCIS 2.0 event synchronously: 201 with Location: /epcis/events/{eventID} and the event as recorded; 409 when the ledger already has its eventID",
		rawRequest: map[string]any{"type": "object", "description": "One EPCIS 2.0 event (JSON-LD), as in a document's eventList"}, status: 201,
		raw: map[string]any{"type": "object", "description": "The event as the ledger answers it, with its recordTime"}, errors: []int{400, 409, 413, 422, 501}},
	{method: "OPTIONS", path: "/epcis/capture", id: "epcisCaptureOptions", tag: "epcis",
		summary: "Discovery: the methods (Allow), EPCIS and CBV versions (GS1-EPCIS-Version, -Min, -Max; GS1-CBV-...), capture limits (GS1-EPCIS-Capture-Limit, GS1-EPCIS-Capture-File-Size-Limit) and GS1-Capture-Error-Behaviour: rollback",
		status:  204},
	{method: "OPTIONS", path: "/epcis/events", id: "epcisEventsOptions", tag: "epcis",
		summary: "Discovery: the methods (Allow), EPCIS and CBV versions, and GS1-EPC-Format: Always_GS1_Digital_Link (the default; Never_Translates is also answered)",
		status:  204},
	{method: "GET", path: "/epcis/capture", id: "epcisCaptureJobs", tag: "epcis", summary: "Capture jobs, newest first",
		query: []string{"limit", "page_token"}, status: 200, response: typ[lotledger.Page[epcis.CaptureJob]](), errors: []int{400, 501}},
	{method: "GET", path: "/epcis/capture/{captureID}", id: "epcisCaptureJob", tag: "epcis", summary: "One capture job: success, counts, and every error with its JSON pointer",
		status: 200, response: typ[epcis.CaptureJob](), errors: []int{404, 501}},
	{method: "POST", path: "/epcis/queries", id: "epcisSaveQuery", tag: "epcis",
		summary:    "Save a named query: 201 with Location: /epcis/queries/{queryName}; 409 when the name is taken",
		rawRequest: namedQueryBody, status: 201, response: typ[lotledger.EPCISNamedQuery](), errors: []int{400, 409, 413, 415, 501}},
	{method: "GET", path: "/epcis/queries", id: "epcisQueries", tag: "epcis", summary: "Every named query, by name",
		status: 200, response: typ[[]lotledger.EPCISNamedQuery](), errors: []int{501}},
	{method: "GET", path: "/epcis/queries/{queryName}", id: "epcisQuery", tag: "epcis", summary: "One named query",
		status: 200, response: typ[lotledger.EPCISNamedQuery](), errors: []int{404, 501}},
	{method: "DELETE", path: "/epcis/queries/{queryName}", id: "epcisDeleteQuery", tag: "epcis", summary: "Delete a named query and its subscriptions",
		status: 204, errors: []int{404, 501}},
	{method: "GET", path: "/epcis/queries/{queryName}/events", id: "epcisQueryNamedEvents", tag: "epcis",
		summary: "The events of a named query, a page at a time (Link rel=next); only perPage and nextPageToken may be given. " +
			"With Upgrade: websocket, a subscription for as long as the connection lasts (101): each report a text message, an EPCISQueryDocument; " +
			"a stream, or a schedule given by its fields, from initialRecordTime (default now) on",
		query: []string{"perPage", "nextPageToken", "stream", "initialRecordTime", "reportIfEmpty", "second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek"}, status: 200, raw: epcisQueryDocument, errors: []int{400, 404, 406, 413, 501}},
	{method: "POST", path: "/epcis/queries/{queryName}/subscriptions", id: "epcisSubscribe", tag: "epcis",
		summary: "Subscribe a webhook to a named query: its events recorded from initialRecordTime (default now) on are POSTed to dest as EPCISQueryDocuments, as they are recorded (stream) or on a schedule; 201 with Location",
		request: typ[subscribeRequest](), status: 201, response: typ[lotledger.EPCISSubscription](), errors: []int{400, 404, 413, 415, 501}},
	{method: "GET", path: "/epcis/queries/{queryName}/subscriptions", id: "epcisSubscriptions", tag: "epcis",
		summary: "The subscriptions of a named query, with how their delivery stands",
		status:  200, response: typ[[]lotledger.EPCISSubscription](), errors: []int{404, 501}},
	{method: "GET", path: "/epcis/queries/{queryName}/subscriptions/{subscriptionID}", id: "epcisSubscription", tag: "epcis",
		summary: "One subscription, with how its delivery stands", status: 200, response: typ[lotledger.EPCISSubscription](), errors: []int{404, 501}},
	{method: "DELETE", path: "/epcis/queries/{queryName}/subscriptions/{subscriptionID}", id: "epcisUnsubscribe", tag: "epcis",
		summary: "Cancel a subscription", status: 204, errors: []int{404, 501}},
	{method: "GET", path: "/api/v1/lots/{sku}/{lot}/trace", id: "traceLot", tag: "lots",
		summary: "Trace a lot backward to its suppliers and forward to its customers, through every level of production",
		query:   []string{"direction", "depth"}, status: 200, response: typ[lotledger.Trace](), errors: []int{400, 404}},
	{method: "GET", path: "/api/v1/lots/{sku}/{lot}/scope", id: "lotScope", tag: "lots",
		summary: "The scope of a lot from memory: every lot reached forward (default) or backward, their suppliers, what each customer holds and the stock by location",
		query:   []string{"direction"}, status: 200, response: typ[lotledger.Scope](), errors: []int{400, 404}},
	{method: "POST", path: "/api/v1/recalls", id: "startRecall", tag: "recalls",
		summary: "Recall lots and every lot made from them (or, with mock, only measure and record the scope)",
		request: typ[lotledger.RecallRequest](), status: 201, response: typ[lotledger.Recall](), errors: []int{400, 413, 415, 422}},
	{method: "GET", path: "/api/v1/recalls", id: "listRecalls", tag: "recalls",
		summary: "Recalls and mock recalls (drills), newest first, with how long each took to scope",
		query:   []string{"mock", "limit", "page_token"}, status: 200, response: typ[lotledger.Page[lotledger.RecallSummary]](), errors: errsList},
	{method: "GET", path: "/api/v1/recalls/{id}", id: "getRecall", tag: "recalls",
		summary: "A recall and its scope; format=csv gives one row per customer and lot",
		query:   []string{"format"}, status: 200, response: typ[lotledger.Recall](), errors: []int{400, 404}},
	{method: "POST", path: "/api/v1/recalls/{id}/recoveries", id: "recordRecovery", tag: "recalls",
		summary: "Record what became of recalled goods at a customer: returned, destroyed or consumed; answers the recall with effectiveness",
		request: typ[lotledger.RecoveryRequest](), status: 201, response: typ[lotledger.Recall](), errors: []int{400, 404, 409, 413, 415, 422}},
	{method: "POST", path: "/api/v1/recalls/{id}/close", id: "closeRecall", tag: "recalls",
		summary: "Close a recall with a reason; a closed recall cannot change",
		request: typ[closeRequest](), status: 200, response: typ[lotledger.Recall](), errors: []int{400, 404, 409, 413, 415}},
	{method: "POST", path: "/api/v1/notices/{id}/ack", id: "acknowledgeNotice", tag: "recalls",
		summary: "Acknowledge a recall notice for its customer (by defaults to the acting user); again changes nothing",
		request: typ[ackRequest](), optionalBody: true, status: 200, response: typ[lotledger.Notice](), errors: []int{400, 404, 413, 415, 501}},
	{method: "GET", path: "/ack/{id}", id: "acknowledgeNoticeLink", tag: "public",
		summary: "The signed acknowledgement link of a notice (?sig= from the notice): acknowledges it and shows a thank-you page; a wrong signature is 403",
		query:   []string{"sig"}, status: 200, raw: map[string]any{"type": "string", "description": "An HTML page"}, errors: []int{403, 404, 501}},
	{method: "GET", path: "/01/{gtin}/10/{lot}", id: "publicLot", tag: "public",
		summary: "GS1 Digital Link of a lot: the consumer's page (HTML, or JSON when asked) saying whether the lot is recalled and why",
		status:  200, response: typ[lotledger.PublicLot](), errors: []int{400, 404}},
	{method: "POST", path: "/api/v1/scan", id: "scan", tag: "scanning",
		summary: "What a scanned GS1 barcode (element string in any scanner form, or Digital Link) means: AIs, item, lot, status, stock, warnings",
		request: typ[scanRequest](), status: 200, response: typ[lotledger.ScanResult](), errors: []int{400, 413, 415}},
}

// resourceOperations documents the REST binding's resource navigation
// (resources.go): the lists of values, and each value's events.
func resourceOperations() []operation {
	ops := []operation{
		{method: "GET", path: "/epcis", id: "epcisTopLevel", tag: "epcis",
			summary: "The top-level resources of the EPCIS interface (capture, events, eventTypes, epcs, bizSteps, bizLocations, readPoints, dispositions, queries)",
			status:  200, response: typ[[]string]()},
		{method: "GET", path: "/epcis/eventTypes", id: "epcisEventTypes", tag: "epcis",
			summary: "The EPCIS 2.0 event types the ledger stores", status: 200, response: typ[[]string]()}}
	lists := []struct{ res, what string }{{"bizSteps", "business steps (bare CBV terms)"}, {"dispositions", "dispositions (bare CBV terms)"},
		{"readPoints", "read points"}, {"bizLocations", "business locations"},
		{"epcs", "identifiers of objects (instances, and classes: GTINs and lots, canonical Digital Link)"}}
	for _, l := range lists {
		ops = append(ops, operation{method: "GET", path: "/epcis/" + l.res, id: "epcisList" + strings.ToUpper(l.res[:1]) + l.res[1:], tag: "epcis",
			summary: "The " + l.what + " found in the ledger's events, in order, a page at a time (Link rel=next)",
			query:   []string{"perPage", "nextPageToken"}, status: 200, response: typ[[]string](), errors: []int{400, 501}})
	}
	for _, res := range []string{"eventTypes", "bizSteps", "dispositions", "readPoints", "bizLocations", "epcs"} {
		what := "with this " + strings.TrimSuffix(res, "s") + " (URL-encoded)"
		if res == "epcs" {
			what = "naming this identifier (URL-encoded): a class (a GTIN, or a lot …/01/{gtin}/10/{lot}) in any quantity list, an instance in any role"
		}
		ops = append(ops, operation{method: "GET", path: "/epcis/" + res + "/{value}", id: "epcis" + strings.ToUpper(res[:1]) + res[1:] + "SubResources", tag: "epcis",
			summary: "What can be read under one value (URL-encoded): [\"events\"]", status: 200, response: typ[[]string]()})
		ops = append(ops, operation{method: "GET", path: "/epcis/" + res + "/{value}/events", id: "epcis" + strings.ToUpper(res[:1]) + res[1:] + "Events", tag: "epcis",
			summary: "The events " + what + ", filtered and paged as GET /epcis/events",
			query:   epcisQueryParams, status: 200, raw: epcisQueryDocument, errors: []int{400, 406, 413, 501}})
	}
	return ops
}
