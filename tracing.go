package lotledger

import "time"

// TraceRequest asks where a lot came from (backward), where it went
// (forward), or both, through every level of production or at most Depth
// levels (0: all).
type TraceRequest struct {
	SKU, Lot  string
	Direction string // backward, forward or both (default)
	Depth     int
}

// Trace is the answer to a trace: every lot reached with its stock, the
// production links between them, the suppliers at the start of the chain and
// every shipment to a customer.
type Trace struct {
	Root      LotRef          `json:"root"`
	Direction string          `json:"direction"`
	Depth     int             `json:"depth,omitempty"`
	Lots      []TraceLot      `json:"lots"`
	Links     []TraceLink     `json:"links"`
	Suppliers []TraceSupplier `json:"suppliers"`
	Shipments []TraceShipment `json:"shipments"`
}

// TraceLot is one lot a trace reached. Level is its distance from the root:
// negative for ancestors, positive for descendants, 0 for the root.
type TraceLot struct {
	Lot
	Level int        `json:"level"`
	Made  Quantity   `json:"made"` // quantity produced or received
	UOM   string     `json:"uom"`
	Stock []StockRow `json:"stock"`
}

// TraceLink says that Quantity of From went into To in production event Seq.
type TraceLink struct {
	From      LotRef    `json:"from"`
	To        LotRef    `json:"to"`
	Seq       int64     `json:"seq"`
	Time      time.Time `json:"time"`
	Quantity  Quantity  `json:"quantity"`
	Reference string    `json:"reference,omitempty"`
}

// TraceSupplier is a supplier that delivered a reached lot.
type TraceSupplier struct {
	Party       string   `json:"party"`
	Name        string   `json:"name"`
	GLN         string   `json:"gln,omitempty"`
	Lot         LotRef   `json:"lot"`
	SupplierLot string   `json:"supplier_lot,omitempty"`
	Quantity    Quantity `json:"quantity"`
}

// TraceShipment is goods of a reached lot that went to a customer
// (Quantity > 0) or came back from one (Quantity < 0, a return).
type TraceShipment struct {
	Customer  string    `json:"customer"`
	Name      string    `json:"name"`
	Email     string    `json:"email,omitempty"`
	From      string    `json:"from"`
	Lot       LotRef    `json:"lot"`
	Quantity  Quantity  `json:"quantity"`
	Time      time.Time `json:"time"`
	Reference string    `json:"reference,omitempty"`
	Seq       int64     `json:"seq"`
}
