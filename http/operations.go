package http

import (
	"reflect"

	"lotledger"
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
	request      reflect.Type // nil: no body
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
}

var lotStatuses = []string{
	lotledger.StatusReleased, lotledger.StatusQuarantine, lotledger.StatusHold,
	lotledger.StatusRecalled, lotledger.StatusExpired, lotledger.StatusDestroyed,
}

// operations lists every route of the API.
var operations = []operation{
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
}
