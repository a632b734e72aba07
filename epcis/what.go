package epcis

import "lotledger"

// what writes the objects of the event: quantity lists of lot classes, and
// for a one-sided production a transformationID.
func (e *encoder) what(sh *shape) {
	if sh.statusLot {
		st := e.ev.Status
		e.w.key("quantityList")
		e.w.open('[')
		e.w.open('{')
		e.w.key("epcClass")
		e.w.b = appendClassURI(e.w.b, st.GTIN, st.SKU, st.Lot)
		e.w.close('}')
		e.w.close(']')
		return
	}
	if sh.typ != "TransformationEvent" {
		e.quantityList("quantityList", sh.qty)
		return
	}
	e.quantityList("inputQuantityList", sh.inputs)
	e.quantityList("outputQuantityList", sh.outputs)
	if countMoves(e.ev, sh.inputs) == 0 || countMoves(e.ev, sh.outputs) == 0 {
		// The schema asks a transformation with one side to name the
		// transformation instead; the event id is that name.
		e.w.fieldIf("transformationID", e.ev.ID)
	}
}

// quantityList writes the moves sel selects as quantity elements, one per
// move, in the event's order; nothing is merged. An empty list is left out.
func (e *encoder) quantityList(name string, sel moveSel) {
	if countMoves(e.ev, sel) == 0 {
		return
	}
	e.w.key(name)
	e.w.open('[')
	for i := range e.ev.Moves {
		if m := &e.ev.Moves[i]; sel.match(m.Quantity) {
			e.quantityElement(m)
		}
	}
	e.w.close(']')
}

// quantityElement writes {epcClass, quantity, uom?}. A count of items has no
// uom (see uomCode).
func (e *encoder) quantityElement(m *lotledger.Move) {
	e.w.open('{')
	e.w.key("epcClass")
	e.w.b = appendClassURI(e.w.b, m.GTIN, m.SKU, m.Lot)
	e.w.key("quantity")
	e.w.b = appendAbsQuantity(e.w.b, m.Quantity)
	if u := uomCode(m.UOM); u != "" {
		e.w.field("uom", u)
	}
	e.w.close('}')
}
