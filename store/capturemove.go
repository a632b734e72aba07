package store

import (
	"fmt"

	"lotledger"
	"lotledger/epcis"
)

// isMoveBetween reports whether e moves lots from one location to another:
// an OBSERVE event (other than a shipment, which leaves the business) whose
// source and destination lists both name a location, and different ones.
// lotledger's own transfers within a site are written this way ("storing"),
// and so is a partner's "receiving" of goods that came from another of the
// same business's sites.
func (c *capturer) isMoveBetween(e *epcis.Event) bool {
	if e.Action != "OBSERVE" || shippingSteps[e.BizStep] {
		return false
	}
	from, to := sourceOf(e.SourceList, "location"), sourceOf(e.DestinationList, "location")
	return from != "" && to != "" && from != to
}

// moveBetween takes every quantity at the source location and adds it at
// the destination, as a transfer that has landed.
func (c *capturer) moveBetween(ptr string, e *epcis.Event, ev *lotledger.Event) error {
	from, err := c.place(ptr+"/sourceList", sourceOf(e.SourceList, "location"))
	if err != nil {
		return err
	}
	to, err := c.place(ptr+"/destinationList", sourceOf(e.DestinationList, "location"))
	if err != nil {
		return err
	}
	if from.id == to.id {
		return lotledger.Errorf(lotledger.EINVALID, ptr+"/destinationList", "source and destination are the same location %s", from.Code)
	}
	ev.Kind, ev.From, ev.To, ev.Location = lotledger.KindTransfer, from.Code, to.Code, from.Code
	if err := c.quantities(ptr+"/quantityList", e.QuantityList, e, ev, from, -1, true); err != nil {
		return err
	}
	c.w.mirror(ev, to)
	return nil
}

// isReturn reports whether e brings goods back from a customer: a receipt
// whose disposition is "returned" or whose source is a customer's party.
func (c *capturer) isReturn(e *epcis.Event) bool {
	if !receivingSteps[e.BizStep] || e.Action == "ADD" {
		return false
	}
	return e.Disposition == "returned" || c.partyCode(e.SourceList, lotledger.PartyCustomer) != ""
}

// returned adds the quantities back at the destination, refusing to take
// back more of a lot than the customer was shipped, as the native API does.
func (c *capturer) returned(ptr string, e *epcis.Event, ev *lotledger.Event) error {
	cust := c.partyCode(e.SourceList, lotledger.PartyCustomer)
	if cust == "" {
		return lotledger.Errorf(lotledger.EUNKNOWN, ptr+"/sourceList", "a return needs the customer it comes from (an owning_party source lotledger knows as a customer)")
	}
	place := firstOf(sourceOf(e.DestinationList, "location"), e.BizLocation, e.ReadPoint)
	if place == "" {
		return lotledger.Errorf(lotledger.EINVALID, ptr+"/bizLocation", "a return needs the location it comes back to")
	}
	loc, err := c.place(ptr+"/bizLocation", place)
	if err != nil {
		return err
	}
	p, err := c.w.s.party(c.w.ctx, c.w.tx, cust)
	if err != nil {
		return err
	}
	ev.Kind, ev.Party, ev.Location = lotledger.KindReturn, cust, loc.Code
	if err := c.quantities(ptr+"/quantityList", e.QuantityList, e, ev, loc, +1, false); err != nil {
		return err
	}
	return c.withinShipped(ptr, ev, p)
}

// withinShipped checks that the customer holds, of every lot returned, at
// least what it returns (shipped less returned before).
func (c *capturer) withinShipped(ptr string, ev *lotledger.Event, p *partyRow) error {
	returned := map[int64]lotledger.Quantity{}
	for i, m := range ev.Moves {
		shipped, err := c.w.shippedTo(m.LotID, p.id)
		if err != nil {
			return err
		}
		returned[m.LotID] += m.Quantity
		if returned[m.LotID] > shipped {
			return lotledger.Errorf(lotledger.EINVALID, fmt.Sprintf("%s/quantityList/%d/quantity", ptr, i),
				"customer %s holds %s of lot %s (shipped less returned); cannot return %s", p.Code, lotledger.Quantity(shipped), m.Lot, returned[m.LotID])
		}
	}
	return nil
}
