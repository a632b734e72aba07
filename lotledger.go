// Package lotledger is the domain of lot tracking and recall readiness: items,
// lots, locations, parties, quantities, the commands that move stock and the
// events they become. It imports only the standard library; storage, HTTP and
// the user interface live in adapter packages that depend on it.
//
// Everything that changes state is an event in an append-only ledger. Stock on
// hand, lot records and the genealogy are projections of that ledger.
package lotledger

import (
	"context"
	"time"
)

// Ledger is the service behind every interface of lotledger (REST API, CLI,
// EPCIS capture, demo loader). Every method that changes state appends exactly
// one event to the ledger or fails and changes nothing.
type Ledger interface {
	CreateItem(ctx context.Context, it Item) (*Item, error)
	Item(ctx context.Context, sku string) (*Item, error)
	Items(ctx context.Context, p PageRequest) (*Page[Item], error)

	CreateLocation(ctx context.Context, l Location) (*Location, error)
	Locations(ctx context.Context, p PageRequest) (*Page[Location], error)

	CreateParty(ctx context.Context, p Party) (*Party, error)
	Parties(ctx context.Context, p PageRequest) (*Page[Party], error)

	Receive(ctx context.Context, r Receipt) (*Result, error)
	Ship(ctx context.Context, s Shipment) (*Result, error)
	Transfer(ctx context.Context, t Transfer) (*Result, error)
	ArriveTransfer(ctx context.Context, a Arrival) (*Result, error)
	Produce(ctx context.Context, p Production) (*Result, error)
	Adjust(ctx context.Context, a Adjustment) (*Result, error)
	Dispose(ctx context.Context, d Disposal) (*Result, error)
	Return(ctx context.Context, r Return) (*Result, error)
	ChangeLotStatus(ctx context.Context, c StatusChange) (*Result, error)

	Stock(ctx context.Context, f StockFilter) (*Page[StockRow], error)
	Lots(ctx context.Context, f LotFilter) (*Page[Lot], error)
	Lot(ctx context.Context, sku, code string) (*LotDetail, error)
	Events(ctx context.Context, f EventFilter) (*Page[Event], error)

	// Trace follows a lot backward to its origins and forward to customers.
	Trace(ctx context.Context, r TraceRequest) (*Trace, error)
	Scope(ctx context.Context, r ScopeRequest) (*Scope, error)

	// StartRecall recalls the seed lots and every lot made from them (or,
	// as a mock, only measures and records the scope).
	StartRecall(ctx context.Context, r RecallRequest) (*Recall, error)
	// Recall returns a recall with its recorded scope.
	Recall(ctx context.Context, id string) (*Recall, error)
	// Recalls lists recalls and mock recalls (drills), newest first.
	Recalls(ctx context.Context, f RecallFilter) (*Page[RecallSummary], error)
	// RecordRecovery records what became of recalled goods at a customer.
	RecordRecovery(ctx context.Context, recallID string, r RecoveryRequest) (*Recall, error)
	// CloseRecall closes a recall for good, with a reason.
	CloseRecall(ctx context.Context, recallID, reason string) (*Recall, error)
	// PublicLot answers a consumer's scan: is the lot with this GTIN recalled?
	PublicLot(ctx context.Context, gtin, lot string) (*PublicLot, error)

	// Scan explains what a scanned GS1 barcode (element string in any form a
	// scanner sends, or a Digital Link URI) refers to.
	Scan(ctx context.Context, data string) (*ScanResult, error)

	// Verify recomputes the hash chain and names the first altered event.
	Verify(ctx context.Context) (*VerifyReport, error)
}

// PageRequest asks for one page of a list. Token is the opaque Next value of
// the previous page; Limit is capped by the store.
type PageRequest struct {
	Limit int    `json:"limit,omitempty"`
	Token string `json:"token,omitempty"`
}

// Page is one page of a list; Next is empty on the last page.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// DefaultPageLimit and MaxPageLimit bound every list.
const (
	DefaultPageLimit = 100
	MaxPageLimit     = 1000
)

// userKey carries the acting user in a context.
type userKey struct{}

// WithUser returns a context that names the acting user; every event recorded
// under it carries that name.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, userKey{}, user)
}

// UserFrom returns the acting user of ctx, or "anonymous".
func UserFrom(ctx context.Context) string {
	if u, ok := ctx.Value(userKey{}).(string); ok && u != "" {
		return u
	}
	return "anonymous"
}

// Clock returns the current time; stores take one so tests can fix it.
type Clock func() time.Time
