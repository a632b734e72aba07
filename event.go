package lotledger

import "time"

// Event kinds: what a user did. Each maps to one GS1 EPCIS 2.0 event.
const (
	KindReceive     = "receive"           // ObjectEvent ADD/OBSERVE, receiving
	KindShip        = "ship"              // ObjectEvent OBSERVE, shipping
	KindTransfer    = "transfer"          // ObjectEvent OBSERVE, shipping (between sites, to in-transit) or storing
	KindArrive      = "arrive"            // ObjectEvent OBSERVE, receiving (in-transit to destination)
	KindProduce     = "produce"           // TransformationEvent
	KindAdjust      = "adjust"            // ObjectEvent OBSERVE, cycle_counting
	KindDispose     = "dispose"           // ObjectEvent DELETE, destroying
	KindReturn      = "return"            // ObjectEvent OBSERVE, receiving, disposition returned
	KindStatus      = "status"            // ObjectEvent OBSERVE, disposition from the new status
	KindObserve     = "observe"           // a captured EPCIS event that changes no stock or lot (kept and queryable)
	KindDeclaration = "error_declaration" // a captured EPCIS error declaration about an earlier event
)

// Event is one entry of the ledger: what happened, resolved to lots, with the
// stock changes it made. It is the source of every projection; the store keeps
// it beside its EPCIS 2.0 form and chains both into the hash.
type Event struct {
	Seq            int64       `json:"seq"`
	ID             string      `json:"id"`                   // EPCIS eventID, urn:uuid:...
	RequestID      string      `json:"request_id,omitempty"` // the client's idempotency key
	Kind           string      `json:"kind"`
	Time           time.Time   `json:"time"`      // event time, UTC
	TimeZone       string      `json:"time_zone"` // the offset the time was given in, "+02:00"
	RecordedAt     time.Time   `json:"recorded_at"`
	User           string      `json:"user"`
	Reference      string      `json:"reference,omitempty"` // PO, invoice, bill of lading, production order
	Reason         string      `json:"reason,omitempty"`
	OverrideReason string      `json:"override_reason,omitempty"`
	Location       string      `json:"location,omitempty"` // where it happened (read point)
	From           string      `json:"from,omitempty"`
	To             string      `json:"to,omitempty"`
	Party          string      `json:"party,omitempty"`      // supplier (receive) or customer (ship, return)
	Transfer       string      `json:"transfer,omitempty"`   // an arrival's transfer; the event an error declaration is about
	Moves          []Move      `json:"moves"`                // signed stock changes
	Lots           []NewLot    `json:"lots,omitempty"`       // lots this event created
	Status         *StatusSet  `json:"status,omitempty"`     // for a status change
	Statuses       []StatusSet `json:"statuses,omitempty"`   // lot statuses a captured event's disposition set
	Overridden     []LotRef    `json:"overridden,omitempty"` // lots moved despite their status
	Hash           string      `json:"hash,omitempty"`
}

// Move is a signed change of one lot's stock at one location. In a production
// event the negative moves are the inputs and the positive ones the outputs.
type Move struct {
	LotID    int64    `json:"lot_id"`
	SKU      string   `json:"sku"`
	Lot      string   `json:"lot"`
	GTIN     string   `json:"gtin,omitempty"`
	UOM      string   `json:"uom"`
	Location string   `json:"location"`
	Quantity Quantity `json:"quantity"`
}

// NewLot is a lot as an event created it.
type NewLot struct {
	LotID       int64  `json:"lot_id"`
	SKU         string `json:"sku"`
	Lot         string `json:"lot"`
	GTIN        string `json:"gtin,omitempty"`
	SupplierLot string `json:"supplier_lot,omitempty"`
	Produced    Date   `json:"produced,omitempty"`
	Expires     Date   `json:"expires,omitempty"`
	Status      string `json:"status"`
	Origin      string `json:"origin,omitempty"`
}

// StatusSet is the status change a status event made.
type StatusSet struct {
	LotID int64  `json:"lot_id"`
	SKU   string `json:"sku"`
	Lot   string `json:"lot"`
	GTIN  string `json:"gtin,omitempty"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// LotRef names a lot.
type LotRef struct {
	SKU string `json:"sku"`
	Lot string `json:"lot"`
}

// Result is the answer to a command: the event it recorded. Replayed is true
// when the command's id had been seen before and nothing was changed.
type Result struct {
	Event
	Replayed bool `json:"replayed,omitempty"`
}

// EventFilter selects events from the ledger, oldest first.
type EventFilter struct {
	AfterSeq int64
	Kind     string
	SKU, Lot string
	PageRequest
}

// VerifyReport is the outcome of checking the ledger's hash chain.
type VerifyReport struct {
	Events    int64  `json:"events"`
	OK        bool   `json:"ok"`
	BrokenSeq int64  `json:"broken_seq,omitempty"` // the first event whose record does not match its hash
	Problem   string `json:"problem,omitempty"`
}
