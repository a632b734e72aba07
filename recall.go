package lotledger

import "time"

// RecallRequest starts a recall (or, with Mock, a timed rehearsal that
// changes nothing) of the seed lots and every lot made from them.
type RecallRequest struct {
	Lots   []LotRef `json:"lots"`
	Reason string   `json:"reason"`
	Mock   bool     `json:"mock,omitempty"`
}

// Recall is a recall and its scope as it stood when it started: every lot
// affected with its stock, what is in transit, and what every customer
// received. Live stock keeps changing; the scope is the record.
type Recall struct {
	ID        string           `json:"id"`
	CreatedAt time.Time        `json:"created_at"`
	User      string           `json:"user"`
	Reason    string           `json:"reason"`
	Mock      bool             `json:"mock"`
	Status    string           `json:"status"` // open, closed (a mock recall is closed at once)
	Seeds     []LotRef         `json:"seeds"`
	Duration  time.Duration    `json:"duration_ns"` // how long finding the scope (and holding it) took
	Lots      []RecallLot      `json:"lots"`
	InTransit []StockRow       `json:"in_transit"`
	Customers []RecallCustomer `json:"customers"`
	Totals    RecallTotals     `json:"totals"`
	Events    []int64          `json:"events,omitempty"` // the status events that recalled the lots
	// Related are the open recalls whose scope this one overlaps (a lot
	// already recalled is recalled again only by reference).
	Related []string `json:"related_recalls,omitempty"`

	// What happened since, computed when the recall is read.
	Recoveries    []Recovery         `json:"recoveries"`
	Effectiveness map[string]float64 `json:"effectiveness"` // per unit: accounted-for quantity / quantity in scope
	Balance       []MassBalance      `json:"mass_balance"`
	Closed        *RecallClose       `json:"closed,omitempty"`
	Notices       []Notice           `json:"notices"` // to every customer, with delivery and acknowledgement
}

// RecoveryKinds say what became of recalled goods a customer had.
var RecoveryKinds = []string{"returned", "destroyed", "consumed"}

// RecoveryRequest records what became of a quantity of a lot a customer
// received: returned, destroyed on site, or consumed before the notice.
type RecoveryRequest struct {
	Customer string `json:"customer"`
	SKU      string `json:"sku"`
	Lot      string `json:"lot"`
	Quantity Amount `json:"quantity"`
	Kind     string `json:"kind"`
	Note     string `json:"note,omitempty"`
}

// Recovery is a recorded recovery.
type Recovery struct {
	Customer   string    `json:"customer"`
	Lot        LotRef    `json:"lot"`
	Quantity   Quantity  `json:"quantity"`
	Kind       string    `json:"kind"`
	Note       string    `json:"note,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	User       string    `json:"user"`
}

// MassBalance accounts for every unit of a lot, from the ledger: what was
// made or received (and came back) against where it went. Difference is
// zero unless the records disagree.
type MassBalance struct {
	Lot        LotRef   `json:"lot"`
	UOM        string   `json:"uom"`
	Made       Quantity `json:"made_or_received"`
	Returned   Quantity `json:"returned"`
	Found      Quantity `json:"adjusted_up"`
	Shipped    Quantity `json:"shipped"`
	Consumed   Quantity `json:"consumed_in_production"`
	Disposed   Quantity `json:"disposed"`
	Lost       Quantity `json:"adjusted_down"`
	OnHand     Quantity `json:"on_hand"`
	Difference Quantity `json:"difference"`
}

// RecallClose says who closed a recall, when and why. A closed recall
// cannot change.
type RecallClose struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Reason string    `json:"reason"`
}

// RecallLot is one lot in scope: Level 0 for a seed, n for lots made from
// it n production steps later.
type RecallLot struct {
	ID int64 `json:"-"`
	LotRef
	Level        int        `json:"level"`
	StatusBefore string     `json:"status_before"`
	Expires      Date       `json:"expires,omitempty"`
	Made         Quantity   `json:"made"`
	OnHand       Quantity   `json:"on_hand"`
	UOM          string     `json:"uom"`
	Stock        []StockRow `json:"stock"`
}

// RecallCustomer is what one customer received of one lot in scope
// (shipped less returned), with when and under which references.
type RecallCustomer struct {
	Customer   string    `json:"customer"`
	Name       string    `json:"name"`
	Email      string    `json:"email,omitempty"`
	Lot        LotRef    `json:"lot"`
	Quantity   Quantity  `json:"quantity"`
	First      time.Time `json:"first_shipped"`
	Last       time.Time `json:"last_shipped"`
	References []string  `json:"references,omitempty"`
}

// RecallTotals summarise the scope.
type RecallTotals struct {
	Lots      int `json:"lots"`
	Customers int `json:"customers"`
	Locations int `json:"locations"`
}

// PublicLot is what lotledger tells a consumer who scanned a product's code:
// the product, the lot, and whether the lot is recalled and why. It says
// nothing about stock, customers or suppliers.
type PublicLot struct {
	GTIN     string    `json:"gtin"`
	Product  string    `json:"product"`
	Lot      string    `json:"lot"`
	Expires  Date      `json:"expires,omitempty"`
	Recalled bool      `json:"recalled"`
	Reason   string    `json:"reason,omitempty"`
	Since    time.Time `json:"since,omitzero"`
	RecallID string    `json:"recall_id,omitempty"`
}

// Add books what events of kind moved into (in) and out of (out) a lot.
func (b *MassBalance) Add(kind string, in, out Quantity) {
	switch kind {
	case KindReceive, KindProduce:
		b.Made += in
		b.Consumed += out
	case KindReturn:
		b.Returned += in
	case KindAdjust:
		b.Found += in
		b.Lost += out
	case KindShip:
		b.Shipped += out
	case KindDispose:
		b.Disposed += out
	}
}

// RecallSummary is one line of the list of recalls and mock recalls (drills).
type RecallSummary struct {
	ID        string        `json:"id"`
	CreatedAt time.Time     `json:"created_at"`
	User      string        `json:"user"`
	Reason    string        `json:"reason"`
	Mock      bool          `json:"mock"`
	Status    string        `json:"status"`
	Duration  time.Duration `json:"duration_ns"`
	Totals    RecallTotals  `json:"totals"`
}

// RecallFilter selects recalls; Mock "true" lists only drills, "false" only
// real recalls, "" both. Newest first.
type RecallFilter struct {
	Mock string
	PageRequest
}
