package lotledger

// ScopeRequest asks for the scope of one or more lots: every lot made from
// them (forward), or every lot they were made from (backward), through
// every level of production.
type ScopeRequest struct {
	Lots      []LotRef `json:"lots"`
	Direction string   `json:"direction"` // forward (default) or backward
}

// Scope is the short answer to "what does this concern", as a recall
// coordinator needs it first: the lots reached, their suppliers, the net
// quantity of each that each customer holds (shipped less returned), and
// the stock of each by location. It comes from memory and leaves out what
// a Trace adds (events, times, references, links); each list is sorted.
type Scope struct {
	Direction string          `json:"direction"`
	Seeds     []LotRef        `json:"seeds"`
	Lots      []LotRef        `json:"lots"`
	Suppliers []ScopeSupplier `json:"suppliers"`
	Customers []ScopeCustomer `json:"customers"`
	Stock     []ScopeStock    `json:"stock"`
}

// ScopeSupplier is the supplier a reached lot was received from.
type ScopeSupplier struct {
	Party string `json:"party"`
	Lot   LotRef `json:"lot"`
}

// ScopeCustomer is what a customer holds of a reached lot.
type ScopeCustomer struct {
	Customer string   `json:"customer"`
	Lot      LotRef   `json:"lot"`
	Quantity Quantity `json:"quantity"`
}

// ScopeStock is the stock of a reached lot at a location.
type ScopeStock struct {
	Lot      LotRef   `json:"lot"`
	Location string   `json:"location"`
	Quantity Quantity `json:"quantity"`
}
