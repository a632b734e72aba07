package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"lotledger"
)

// expirySoonDays is the window of the "expiring soon" list in a Summary.
const expirySoonDays = 30

// Summary tells what Load created, for the server to print and tests to check.
type Summary struct {
	Items, Locations, Parties, Events int
	EventsByKind                      map[string]int     // events by lotledger kind (receive, ship, ...)
	First, Last                       time.Time          // times of the first and last event
	HeldLot                           lotledger.LotRef   // the fresh peanut-butter lot on hold pending micro results
	ExpiringSoon                      []lotledger.LotRef // lots in stock expiring within 30 days of now
	InTransit                         int                // transfers still on the road at now
	Customers                         int                // customers that received a shipment
}

// summary completes the summary from the loader's state.
func (ld *loader) summary() (*Summary, error) {
	s := ld.sum
	if s.HeldLot.Lot == "" {
		return nil, fmt.Errorf("plan: no lot was put on hold")
	}
	today := lotledger.DateOf(ld.now)
	s.ExpiringSoon = ld.stock.expiringBetween(today, today.AddDays(expirySoonDays))
	s.InTransit = len(ld.transits)
	for _, got := range ld.delivered {
		if len(got) > 0 {
			s.Customers++
		}
	}
	return &s, nil
}

// String describes the data set in a few lines, for the server's log.
func (s *Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "demo data: %d items, %d locations, %d parties; %d events from %s to %s (",
		s.Items, s.Locations, s.Parties, s.Events, s.First.Format(lotledger.DateLayout), s.Last.Format(lotledger.DateLayout))
	kinds := make([]string, 0, len(s.EventsByKind))
	for k := range s.EventsByKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for i, k := range kinds {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", s.EventsByKind[k], k)
	}
	fmt.Fprintf(&b, ")\nshipped to %d customers; %d %s in transit\n", s.Customers, s.InTransit, plural(s.InTransit, "transfer"))
	fmt.Fprintf(&b, "on hold: %s lot %s (%s)\n", s.HeldLot.SKU, s.HeldLot.Lot, ReasonMicro)
	fmt.Fprintf(&b, "expiring within %d days:", expirySoonDays)
	for _, r := range s.ExpiringSoon {
		fmt.Fprintf(&b, " %s/%s", r.SKU, r.Lot)
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
