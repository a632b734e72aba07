package store

import (
	"encoding/json"
	"fmt"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// Which EPCIS events change stock, and how:
//
//	ObjectEvent DELETE                          → disposal at the read point
//	ObjectEvent from a source location to another
//	  destination location (not shipping)       → transfer, landing at the destination
//	ObjectEvent shipping / departing            → shipment from the source location
//	ObjectEvent receiving with disposition
//	  returned, or from a customer's owning party → return from that customer
//	ObjectEvent ADD, or receiving / arriving /
//	  accepting / commissioning / creating_class_instance → receipt at the business location
//	TransformationEvent                         → production at the business location
//	disposition recalled / expired / destroyed  → the lots' status
//
// Only lot-level quantities (quantityList) move stock; instance EPCs are
// kept in the record. Every other event is kept and queryable.
var (
	receivingSteps = map[string]bool{"receiving": true, "arriving": true, "accepting": true, "commissioning": true, "creating_class_instance": true}
	shippingSteps  = map[string]bool{"shipping": true, "departing": true}
	statusOf       = map[string]string{"recalled": lotledger.StatusRecalled, "expired": lotledger.StatusExpired, "destroyed": lotledger.StatusDestroyed}
)

// apply resolves e's effect into ev; it reports whether e changed anything.
func (c *capturer) apply(ptr string, e *epcis.Event, ev *lotledger.Event) (bool, error) {
	var err error
	switch {
	case e.Type == "TransformationEvent" && (len(e.InputQuantityList) > 0 || len(e.OutputQuantityList) > 0):
		err = c.transformation(ptr, e, ev)
	case e.Type != "ObjectEvent" || len(e.QuantityList) == 0:
	case e.Action == "DELETE":
		err = c.objectMove(ptr, e, ev, lotledger.KindDispose, -1, firstOf(e.ReadPoint, e.BizLocation))
	case c.isMoveBetween(e):
		err = c.moveBetween(ptr, e, ev)
	case shippingSteps[e.BizStep]:
		err = c.objectMove(ptr, e, ev, lotledger.KindShip, -1, firstOf(sourceOf(e.SourceList, "location"), e.ReadPoint, e.BizLocation))
	case c.isReturn(e):
		err = c.returned(ptr, e, ev)
	case e.Action == "ADD" || receivingSteps[e.BizStep]:
		err = c.objectMove(ptr, e, ev, lotledger.KindReceive, +1, firstOf(sourceOf(e.DestinationList, "location"), e.BizLocation, e.ReadPoint))
	}
	if err != nil {
		return false, err
	}
	if err := c.dispositions(ptr, e, ev); err != nil {
		return false, err
	}
	return ev.Kind != lotledger.KindObserve || len(ev.Statuses) > 0, nil
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func sourceOf(list []epcis.SourceDest, typ string) string {
	for _, sd := range list {
		if sd.Type == typ {
			return sd.ID
		}
	}
	return ""
}

// objectMove adds (sign +1) or takes (-1) every quantity of e at place.
func (c *capturer) objectMove(ptr string, e *epcis.Event, ev *lotledger.Event, kind string, sign int, place string) error {
	if place == "" {
		return lotledger.Errorf(lotledger.EINVALID, ptr+"/bizLocation", "a %s event that changes stock needs a location", e.BizStep)
	}
	loc, err := c.place(ptr+"/bizLocation", place)
	if err != nil {
		return err
	}
	ev.Kind, ev.Location = kind, loc.Code
	if kind == lotledger.KindShip {
		ev.From, ev.Party = loc.Code, c.partyCode(e.DestinationList, lotledger.PartyCustomer)
	} else if kind == lotledger.KindReceive {
		ev.Party = c.partyCode(e.SourceList, lotledger.PartySupplier)
	}
	return c.quantities(ptr+"/quantityList", e.QuantityList, e, ev, loc, sign, kind != lotledger.KindDispose)
}

func (c *capturer) transformation(ptr string, e *epcis.Event, ev *lotledger.Event) error {
	place := firstOf(e.BizLocation, e.ReadPoint)
	if place == "" {
		return lotledger.Errorf(lotledger.EINVALID, ptr+"/bizLocation", "a transformation that changes stock needs a location")
	}
	loc, err := c.place(ptr+"/bizLocation", place)
	if err != nil {
		return err
	}
	ev.Kind, ev.Location = lotledger.KindProduce, loc.Code
	if err := c.quantities(ptr+"/inputQuantityList", e.InputQuantityList, e, ev, loc, -1, true); err != nil {
		return err
	}
	return c.quantities(ptr+"/outputQuantityList", e.OutputQuantityList, e, ev, loc, +1, false)
}

// partyCode finds the lotledger party of an owning_party entry, if known.
func (c *capturer) partyCode(list []epcis.SourceDest, kind string) string {
	uri := sourceOf(list, "owning_party")
	if uri == "" {
		return ""
	}
	if code, ok := strings.CutPrefix(uri, "urn:lotledger:party:"); ok {
		if p, err := c.w.s.party(c.w.ctx, c.w.tx, code); err == nil && p.Kind == kind {
			return p.Code
		}
		return ""
	}
	dl := epcis.CanonicalID(uri)
	if gln, ok := strings.CutPrefix(dl, "https://id.gs1.org/417/"); ok && len(gln) >= 13 {
		if p, err := c.w.s.partyByGLN(c.w.ctx, c.w.tx, gln[:13]); err == nil && p.Kind == kind {
			return p.Code
		}
	}
	return ""
}

// quantities moves each quantity element's lot at loc.
func (c *capturer) quantities(ptr string, list []epcis.QuantityElement, e *epcis.Event, ev *lotledger.Event, loc *locRow, sign int, checkStatus bool) error {
	for j, q := range list {
		qp := fmt.Sprintf("%s/%d", ptr, j)
		l, qty, err := c.lotQuantity(qp, q, e, ev, sign > 0)
		if err != nil {
			return err
		}
		if sign > 0 {
			c.w.move(ev, l, loc, qty)
			continue
		}
		if err := c.w.take(ev, qp+"/quantity", l, loc, qty, checkStatus); err != nil {
			if e := lotledger.AsError(err); e != nil && e.Code == lotledger.EBLOCKED {
				e.Field = qp + "/epcClass"
			}
			return err
		}
	}
	return nil
}

// lotQuantity resolves one quantity element to a lot and an exact quantity
// in the item's unit. A lot that does not exist is created when it is being
// added and the options allow it.
func (c *capturer) lotQuantity(ptr string, q epcis.QuantityElement, e *epcis.Event, ev *lotledger.Event, adding bool) (*lotRow, lotledger.Quantity, error) {
	ref, ok := parseClass(q.EPCClass)
	if !ok {
		return nil, 0, lotledger.Errorf(lotledger.EUNKNOWN, ptr+"/epcClass", "%s names no lot lotledger can track (a GTIN with a lot, AI 10, is needed)", q.EPCClass)
	}
	it, err := c.item(ptr+"/epcClass", ref)
	if err != nil {
		return nil, 0, err
	}
	if q.Quantity == "" {
		return nil, 0, lotledger.Errorf(lotledger.EINVALID, ptr+"/quantity", "a quantity is needed to change stock")
	}
	if err := uomMatches(it, q.UOM); err != nil {
		return nil, 0, lotledger.Errorf(lotledger.EINVALID, ptr+"/uom", "%v", err)
	}
	qty, err := lotledger.Amount(q.Quantity).Parse(ptr+"/quantity", true, it.UnitDecimals())
	if err != nil {
		return nil, 0, err
	}
	l, err := c.w.findLot(it, ref.lot)
	if err != nil || l != nil {
		return l, qty, err
	}
	if !adding || !c.opt.CreateLots {
		return nil, 0, lotledger.Errorf(lotledger.EUNKNOWN, ptr+"/epcClass", "item %s has no lot %s (%s)", it.SKU, ref.lot, q.EPCClass)
	}
	l = &lotRow{item: it, code: ref.lot, expires: ilmdDate(e, "cbvmda:itemExpirationDate"), produced: ilmdDate(e, "lotledger:productionDate")}
	c.defaultDates(l, ev)
	return l, qty, c.w.createLot(ev, ptr+"/epcClass", l, ev.Party)
}

// defaultDates gives a lot first seen in a capture the same defaults the
// native API gives: a produced lot is made on the event's date and expires
// after its shelf life or with its earliest input, whichever is sooner; a
// received lot with a production date expires after its shelf life.
func (c *capturer) defaultDates(l *lotRow, ev *lotledger.Event) {
	if ev.Kind == lotledger.KindProduce {
		if l.produced == "" {
			l.produced = lotledger.DateOf(ev.Time)
		}
		if l.expires == "" {
			var inputs []lotledger.Move
			for _, m := range ev.Moves {
				if m.Quantity < 0 {
					inputs = append(inputs, m)
				}
			}
			l.expires = c.w.outputExpiry(l.item, l.produced, inputs)
		}
		return
	}
	if l.expires == "" && l.produced != "" && l.item.ShelfLifeDays > 0 {
		l.expires = l.produced.AddDays(l.item.ShelfLifeDays)
	}
}

func (c *capturer) item(ptr string, ref classRef) (*itemRow, error) {
	if ref.sku != "" {
		it, err := c.w.s.item(c.w.ctx, c.w.tx, ref.sku)
		return it, unknown(err, ptr)
	}
	it, err := c.w.s.itemByGTIN(c.w.ctx, c.w.tx, ref.gtin)
	return it, unknown(err, ptr)
}

// uomMatches accepts a quantity in the item's own unit, or a count for an
// item counted in pieces.
func uomMatches(it *itemRow, uom string) error {
	switch {
	case uom == "" && it.UnitDecimals() == 0, strings.EqualFold(uom, it.UOM):
		return nil
	case uom == "":
		return fmt.Errorf("item %s is measured in %s; the quantity needs that uom", it.SKU, it.UOM)
	}
	return fmt.Errorf("item %s is measured in %s, not %s", it.SKU, it.UOM, uom)
}

func ilmdDate(e *epcis.Event, key string) lotledger.Date {
	raw, ok := e.ILMD[key]
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || len(s) < 10 {
		return ""
	}
	d, err := lotledger.ParseDate("", s[:10])
	if err != nil {
		return ""
	}
	return d
}

// dispositions sets the status of the event's lots when its disposition
// says they are recalled, expired or destroyed.
func (c *capturer) dispositions(ptr string, e *epcis.Event, ev *lotledger.Event) error {
	to, ok := statusOf[e.Disposition]
	if !ok {
		return nil
	}
	seen := map[int64]bool{}
	for _, list := range [][]epcis.QuantityElement{e.QuantityList, e.OutputQuantityList} {
		for j, q := range list {
			ref, ok := parseClass(q.EPCClass)
			if !ok {
				continue
			}
			it, err := c.item(fmt.Sprintf("%s/quantityList/%d/epcClass", ptr, j), ref)
			if err != nil {
				return err
			}
			l, err := c.w.findLot(it, ref.lot)
			if err != nil || l == nil || seen[l.id] || l.status == to {
				if err != nil {
					return err
				}
				continue
			}
			seen[l.id] = true
			ev.Statuses = append(ev.Statuses, lotledger.StatusSet{LotID: l.id, SKU: it.SKU, Lot: l.code, GTIN: it.GTIN, From: l.status, To: to})
		}
	}
	if len(ev.Statuses) > 0 && ev.Kind == lotledger.KindObserve {
		ev.Kind = lotledger.KindStatus
		ev.Reason = "EPCIS disposition " + e.Disposition
	}
	return nil
}
