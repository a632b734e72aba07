package lotledger

// Commands are requests as a user or client sent them. Quantities are Amount
// and times are strings so that a malformed value is reported with the name of
// its field. The store validates a command, resolves it (lot codes, first-
// expired-first-out allocation, expiry defaults) and records the result as one
// Event.

// Line is one lot (or, without Lot, one SKU to allocate first-expired-first-
// out) and quantity in a shipment, transfer, production input, adjustment,
// disposal or return.
type Line struct {
	SKU      string `json:"sku,omitempty"`
	Lot      string `json:"lot,omitempty"`
	Quantity Amount `json:"quantity,omitempty"`
	Scan     string `json:"scan,omitempty"` // a GS1 barcode that fills SKU, lot and quantity
}

// Receipt records goods arriving from a supplier at a location.
type Receipt struct {
	ID             string        `json:"id,omitempty"`
	Time           string        `json:"time,omitempty"`
	Supplier       string        `json:"supplier"`
	Location       string        `json:"location"`
	Reference      string        `json:"reference,omitempty"`
	OverrideReason string        `json:"override_reason,omitempty"`
	Lines          []ReceiptLine `json:"lines"`
}

// ReceiptLine is one lot received. Without Lot, a code is assigned from the
// item's template; SupplierLot is the supplier's own code, kept as an alias.
type ReceiptLine struct {
	SKU         string `json:"sku,omitempty"`
	Lot         string `json:"lot,omitempty"`
	SupplierLot string `json:"supplier_lot,omitempty"`
	Quantity    Amount `json:"quantity,omitempty"`
	Expires     string `json:"expires,omitempty"`
	Produced    string `json:"produced,omitempty"`
	Scan        string `json:"scan,omitempty"` // a GS1 barcode that fills SKU, lot, quantity and expiry
}

// Shipment records goods leaving a location for a customer.
type Shipment struct {
	ID             string `json:"id,omitempty"`
	Time           string `json:"time,omitempty"`
	From           string `json:"from"`
	Customer       string `json:"customer"`
	Reference      string `json:"reference,omitempty"`
	OverrideReason string `json:"override_reason,omitempty"`
	Lines          []Line `json:"lines"`
}

// Transfer moves goods between two locations. Within one site it is done at
// once; between sites the goods go to in-transit until an Arrival.
type Transfer struct {
	ID             string `json:"id,omitempty"`
	Time           string `json:"time,omitempty"`
	From           string `json:"from"`
	To             string `json:"to"`
	Reference      string `json:"reference,omitempty"`
	OverrideReason string `json:"override_reason,omitempty"`
	Lines          []Line `json:"lines"`
}

// Arrival completes a transfer between sites: everything still in transit
// for it moves to the transfer's destination.
type Arrival struct {
	ID       string `json:"id,omitempty"`
	Time     string `json:"time,omitempty"`
	Transfer string `json:"transfer"` // the event id of the transfer
}

// Production consumes input lots and makes output lots at a location.
type Production struct {
	ID             string       `json:"id,omitempty"`
	Time           string       `json:"time,omitempty"`
	Location       string       `json:"location"`
	Reference      string       `json:"reference,omitempty"`
	OverrideReason string       `json:"override_reason,omitempty"`
	Inputs         []Line       `json:"inputs"`
	Outputs        []OutputLine `json:"outputs"`
}

// OutputLine is one lot made by a production run. Without Lot a code comes
// from the item's template; an existing lot of the item gets more quantity.
type OutputLine struct {
	SKU      string `json:"sku"`
	Lot      string `json:"lot,omitempty"`
	Quantity Amount `json:"quantity"`
	Expires  string `json:"expires,omitempty"`
	Produced string `json:"produced,omitempty"`
}

// Adjustment corrects stock after a count; quantities are signed.
type Adjustment struct {
	ID             string `json:"id,omitempty"`
	Time           string `json:"time,omitempty"`
	Location       string `json:"location"`
	Reason         string `json:"reason"`
	OverrideReason string `json:"override_reason,omitempty"`
	Lines          []Line `json:"lines"`
}

// Disposal removes stock for good (scrap, destruction) with a reason.
type Disposal struct {
	ID             string `json:"id,omitempty"`
	Time           string `json:"time,omitempty"`
	Location       string `json:"location"`
	Reason         string `json:"reason"`
	OverrideReason string `json:"override_reason,omitempty"`
	Lines          []Line `json:"lines"`
}

// Return brings goods back from a customer into a location. A customer can
// return at most what it was shipped of a lot.
type Return struct {
	ID             string `json:"id,omitempty"`
	Time           string `json:"time,omitempty"`
	Customer       string `json:"customer"`
	Location       string `json:"location"`
	Reference      string `json:"reference,omitempty"`
	Reason         string `json:"reason,omitempty"`
	OverrideReason string `json:"override_reason,omitempty"`
	Lines          []Line `json:"lines"`
}

// StatusChange sets a lot's status, with the reason recorded in the ledger.
type StatusChange struct {
	ID     string `json:"id,omitempty"`
	Time   string `json:"time,omitempty"`
	SKU    string `json:"sku"`
	Lot    string `json:"lot"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}
